using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>Reads and writes Pickle's two MessagePack extensions: the object header (80) and the back-reference (81).</summary>
internal static class ObjectHeaders
{
    public const sbyte HeaderCode = 80;
    public const sbyte BackReferenceCode = 81;

    public static void WriteBackReference(ref MessagePackWriter writer, int id)
    {
        writer.WriteExtensionFormatHeader(new ExtensionHeader(BackReferenceCode, (uint)IntLength(id)));
        writer.Write(id);
    }

    public static int ReadBackReference(ref MessagePackReader reader)
    {
        var header = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(header.Length));
        var id = ReadId(ref body);
        if (id < 0 || !body.End)
        {
            throw new PickleException("The pickle holds a malformed back-reference. The file is damaged or was not written by Pickle.");
        }

        return id;
    }

    public static void WriteHeader(ref MessagePackWriter writer, GraphState? state, int id, Type? type)
    {
        var index = -1;
        if (type is null || (state is not null && !state.TryAddWrittenType(type, out index)))
        {
            // The common cases (an id alone, or a type named before) are written straight into the payload.
            var length = (id >= 0 ? IntLength(id) : 1) + (index >= 0 ? IntLength(index) : 1);
            writer.WriteExtensionFormatHeader(new ExtensionHeader(HeaderCode, (uint)length));
            WriteIdOrNil(ref writer, id);
            WriteIdOrNil(ref writer, index);
            return;
        }

        var scratch = state?.Scratch ?? new System.Buffers.ArrayBufferWriter<byte>(64);
        var body = new MessagePackWriter(scratch);
        WriteIdOrNil(ref body, id);
        body.Write(TypeTags.NameOf(type));
        body.Flush();
        writer.WriteExtensionFormatHeader(new ExtensionHeader(HeaderCode, (uint)scratch.WrittenCount));
        writer.WriteRaw(scratch.WrittenSpan);
    }

    /// <summary>
    /// The type code of the extension the reader is at. Does not move the reader, and reads the bytes in place when
    /// the header is in the current segment: a copy of the reader (a large struct) costs more than the look.
    /// </summary>
    public static sbyte PeekExtensionType(ref MessagePackReader reader)
    {
        var rest = ReaderBytes.Unread(ref reader);
        var typeOffset = rest.IsEmpty ? -1 : ValueLengths.Of(rest[0]).TypeOffset;
        return typeOffset >= 0 && rest.Length > typeOffset
            ? unchecked((sbyte)rest[typeOffset])
            : reader.CreatePeekReader().ReadExtensionFormatHeader().TypeCode;
    }

    /// <summary>True if the reader is at <c>[ext 80, ...]</c>, a value with a header. Does not move the reader.</summary>
    public static bool StartsWithHeader(ref MessagePackReader reader)
    {
        var peek = reader.CreatePeekReader();
        if (peek.ReadArrayHeader() != 2 || peek.End || peek.NextMessagePackType != MessagePackType.Extension)
        {
            return false;
        }

        return peek.ReadExtensionFormatHeader().TypeCode == HeaderCode;
    }

    /// <summary>
    /// Reads a header: the object's id (-1 if none), its type (<see langword="null"/> for the declared type), and
    /// the name of a type no loaded assembly has (then the type is <see langword="null"/>).
    /// </summary>
    public static (int Id, Type? Type, string? Unresolved) ReadHeader(ref MessagePackReader reader, GraphState? state)
    {
        var header = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(header.Length));
        var id = -1;
        if (!body.TryReadNil() && (id = ReadId(ref body)) < 0)
        {
            throw Malformed();
        }

        Type? type = null;
        string? unresolved = null;
        if (body.End)
        {
            throw Malformed();
        }

        if (!body.TryReadNil())
        {
            if (body.NextMessagePackType == MessagePackType.Integer)
            {
                var index = body.ReadInt32();
                (type, unresolved) = state?.LoadedType(index) ?? throw new PickleException(
                    $"The pickle refers to type #{index}, which it has not named before. The file is damaged or was not written by Pickle.");
            }
            else
            {
                var name = body.ReadString() ?? throw Malformed();
                type = TypeTags.Resolve(name);
                unresolved = type is null ? name : null;
                state?.AddLoadedType(type, name);
            }
        }

        if (!body.End)
        {
            throw Malformed();
        }

        return (id, type, unresolved);
    }

    /// <summary>Reads a non-negative id, or returns -1 if the next value is not one.</summary>
    private static int ReadId(ref MessagePackReader body)
    {
        if (body.End || body.NextMessagePackType != MessagePackType.Integer)
        {
            return -1;
        }

        var id = body.ReadInt64();
        return id is >= 0 and <= int.MaxValue ? (int)id : -1;
    }

    private static PickleException Malformed() =>
        new("The pickle holds a malformed object header. The file is damaged or was not written by Pickle.");

    private static void WriteIdOrNil(ref MessagePackWriter writer, int value)
    {
        if (value >= 0)
        {
            writer.Write(value);
        }
        else
        {
            writer.WriteNil();
        }
    }

    /// <summary>The length of a non-negative int as MessagePack writes it (the smallest encoding).</summary>
    private static int IntLength(int value) => value switch
    {
        <= 127 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };
}
