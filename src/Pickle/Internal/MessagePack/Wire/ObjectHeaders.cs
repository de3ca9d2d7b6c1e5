using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Reads and writes Pickle's two MessagePack extensions for objects: the object header (80) and the back-reference
/// (81). The parsing (<see cref="TryReadHeader"/>, <see cref="TryReadBackReference"/>) loads no type, so that the
/// <c>pickle</c> tool reads headers as the library does.
/// </summary>
internal static class ObjectHeaders
{
    public const sbyte HeaderCode = PickleExtensions.ObjectHeader;
    public const sbyte BackReferenceCode = PickleExtensions.BackReference;

    public static void WriteBackReference(ref MessagePackWriter writer, int id)
    {
        writer.WriteExtensionFormatHeader(new ExtensionHeader(BackReferenceCode, (uint)IntLength(id)));
        writer.Write(id);
    }

    /// <summary>
    /// With references kept, numbers an object of type <paramref name="runtime"/> as it is first written, or writes a
    /// back-reference to it (true) if it was written before. Objects are numbered in the order they are first written,
    /// and the load numbers them in the order it meets them (<see cref="GraphState.ReserveNext"/>), so only a
    /// back-reference writes a number.
    /// </summary>
    public static bool TryWriteBackReference(ref MessagePackWriter writer, object value, Type runtime, GraphState? state) =>
        TryWriteBackReference(ref writer, value, IsNumbered(runtime), state);

    /// <summary>As the overload with the runtime type, for a caller that knows already whether the type is numbered (<see cref="IsNumbered"/>).</summary>
    public static bool TryWriteBackReference(ref MessagePackWriter writer, object value, bool numbered, GraphState? state)
    {
        if (numbered && state is { PreserveReferences: true } && !state.TryAddWritten(value, out var id))
        {
            WriteBackReference(ref writer, id);
            return true;
        }

        return false;
    }

    /// <summary>True for the objects a payload numbers for back-references, on dump and load alike: not strings nor boxed values.</summary>
    public static bool IsNumbered(Type type) => !type.IsValueType && type != typeof(string);

    public static int ReadBackReference(ref MessagePackReader reader) =>
        TryReadBackReference(ref reader, out var id)
            ? id
            : throw new PickleException("The pickle holds a malformed back-reference. The file is damaged or was not written by Pickle.");

    /// <summary>Reads a back-reference (the reader is at ext 81): false if its body is not one id, a non-negative int.</summary>
    public static bool TryReadBackReference(ref MessagePackReader reader, out int id)
    {
        var header = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(header.Length));
        return TryReadId(ref body, out id) && body.End;
    }

    /// <summary>
    /// Writes the header of a value of <paramref name="type"/> where another type is declared: no id (objects are
    /// numbered in the order they are written; an id in a header is what Pickle wrote before it numbered them), and
    /// the type's name, or the index of the name if the payload named it before.
    /// </summary>
    public static void WriteHeader(ref MessagePackWriter writer, GraphState? state, Type type)
    {
        var index = -1;
        if (state is not null && !state.TryAddWrittenType(type, out index))
        {
            // A type named before: nil and its index, written straight into the payload.
            writer.WriteExtensionFormatHeader(new ExtensionHeader(HeaderCode, (uint)(1 + IntLength(index))));
            writer.WriteNil();
            writer.Write(index);
            return;
        }

        var scratch = state?.Scratch ?? new System.Buffers.ArrayBufferWriter<byte>(64);
        var body = new MessagePackWriter(scratch);
        body.WriteNil();
        body.Write(TypeTags.NameOf(type));
        body.Flush();
        writer.WriteExtensionFormatHeader(new ExtensionHeader(HeaderCode, (uint)scratch.WrittenCount));
        writer.WriteRaw(scratch.WrittenSpan);
    }

    /// <summary>
    /// Writes a header as version 2 laid it out, with the object's <paramref name="id"/> (-1 for none) and its type by
    /// <paramref name="name"/>, or, when the name is <see langword="null"/>, by the <paramref name="index"/> of a name
    /// the payload wrote before: for a writer of version-2 payloads (the one that rewrites BinaryFormatter's records).
    /// </summary>
    public static void WriteVersion2Header(ref MessagePackWriter writer, int id, string? name, int index)
    {
        var typeLength = name is null ? IntLength(index) : StringLength(name);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(HeaderCode, (uint)((id >= 0 ? IntLength(id) : 1) + typeLength)));
        if (id >= 0)
        {
            writer.Write(id);
        }
        else
        {
            writer.WriteNil();
        }

        if (name is null)
        {
            writer.Write(index);
        }
        else
        {
            writer.Write(name);
        }
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
    public static bool StartsWithHeader(ref MessagePackReader reader) => StartsWithExtension(ref reader, HeaderCode);

    /// <summary>
    /// True if the reader is at an array of two values whose first is an extension of type <paramref name="typeCode"/>:
    /// a value with a header (80), an array segment (83) or a wrapped list (84). Does not move the reader.
    /// </summary>
    public static bool StartsWithExtension(ref MessagePackReader reader, sbyte typeCode)
    {
        var peek = reader.CreatePeekReader();
        // TryReadArrayHeader, as the reader may see only part of the payload (the pickle tool's window): a large
        // array's count is more than the bytes it sees, which ReadArrayHeader would take for a truncated payload.
        if (peek.NextMessagePackType != MessagePackType.Array || !peek.TryReadArrayHeader(out var count) || count != 2 || peek.End
            || peek.NextMessagePackType != MessagePackType.Extension)
        {
            return false;
        }

        return peek.ReadExtensionFormatHeader().TypeCode == typeCode;
    }

    /// <summary>
    /// Reads a header: the object's id (-1 if none), its type (<see langword="null"/> for the declared type), and
    /// the name of a type no loaded assembly has (then the type is <see langword="null"/>).
    /// </summary>
    public static (int Id, Type? Type, string? Unresolved) ReadHeader(ref MessagePackReader reader, GraphState? state)
    {
        if (!TryReadHeader(ref reader, out var header))
        {
            throw Malformed();
        }

        Type? type = null;
        string? unresolved = null;
        if (header.TypeIndex is { } index)
        {
            (type, unresolved) = (index is >= 0 and <= int.MaxValue ? state?.LoadedType((int)index) : null) ?? throw new PickleException(
                $"The pickle refers to type #{index}, which it has not named before. The file is damaged or was not written by Pickle.");
        }
        else if (header.TypeName is { } name)
        {
            type = TypeTags.Resolve(name, state);
            unresolved = type is null ? name : null;
            state?.AddLoadedType(type, name);
        }

        return (header.Id, type, unresolved);
    }

    /// <summary>
    /// Reads a header's body as written (the reader is at ext 80), looking no type up: <c>[id or nil, type index,
    /// type name or nil]</c>. False if the body is not that.
    /// </summary>
    public static bool TryReadHeader(ref MessagePackReader reader, out ObjectHeader header)
    {
        header = default;
        var extension = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(extension.Length));
        var id = -1;
        if ((!body.TryReadNil() && !TryReadId(ref body, out id)) || body.End)
        {
            return false;
        }

        long? index = null;
        string? name = null;
        if (!body.TryReadNil())
        {
            switch (body.NextMessagePackType)
            {
                case MessagePackType.Integer when TryReadInteger(ref body, out var written):
                    index = written;
                    break;
                case MessagePackType.String:
                    name = body.ReadString();
                    break;
                default:
                    return false;
            }
        }

        header = new ObjectHeader(id, index, name);
        return body.End;
    }

    /// <summary>Reads a non-negative int, in any of MessagePack's integer encodings; false if the next value is not one.</summary>
    private static bool TryReadId(ref MessagePackReader body, out int id)
    {
        id = -1;
        if (!TryReadInteger(ref body, out var value) || value is < 0 or > int.MaxValue)
        {
            return false;
        }

        id = (int)value;
        return true;
    }

    /// <summary>Reads an integer that fits a long; false (the reader moved or not) if the next value is not one.</summary>
    private static bool TryReadInteger(ref MessagePackReader body, out long value)
    {
        value = 0;
        if (body.End || body.NextMessagePackType != MessagePackType.Integer)
        {
            return false;
        }

        if (body.NextCode != MessagePackCode.UInt64)
        {
            value = body.ReadInt64();
            return true;
        }

        var unsigned = body.ReadUInt64();
        value = unchecked((long)unsigned);
        return unsigned <= long.MaxValue;
    }

    private static PickleException Malformed() =>
        new("The pickle holds a malformed object header. The file is damaged or was not written by Pickle.");

    /// <summary>The length of <paramref name="text"/> as a MessagePack str: its UTF-8 bytes and the str header.</summary>
    private static int StringLength(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        return bytes + (bytes <= 31 ? 1 : bytes <= byte.MaxValue ? 2 : bytes <= ushort.MaxValue ? 3 : 5);
    }

    /// <summary>The length of a non-negative int as MessagePack writes it (the smallest encoding).</summary>
    public static int IntLength(int value) => value switch
    {
        <= 127 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };
}
