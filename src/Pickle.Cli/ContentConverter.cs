using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace Pickling.Cli;

/// <summary>
/// Turns a frame's payload into portable JSON or MessagePack without loading any type it names: MessagePack is walked
/// value by value, JSON is copied token by token.
/// </summary>
/// <remarks>
/// MessagePack values map to JSON as follows: maps become objects (keys that are not strings are written as their JSON
/// text), binary becomes a base64 string, timestamps an ISO 8601 string, NaN and infinities the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, and any extension Pickle does not define an object
/// <c>{"$ext": type, "base64": data}</c>. Pickle's own extensions are decoded: a blitted array (ext 90, 91) becomes an
/// array of numbers (nested arrays for several dimensions, <c>{"$lowerBounds": [...], "$value": [...]}</c> when a
/// lower bound is not zero; chars as one-character strings, a lone surrogate as its number); a value with an object
/// header (<c>[ext 80, contents]</c>) becomes its contents with <c>"$id"</c> and <c>"$type"</c> properties added when
/// the contents are a map, or <c>{"$id": id, "$type": name, "$value": contents}</c> otherwise (each property only when
/// the header has it); a back-reference (ext 81) becomes <c>{"$ref": id}</c>. Converting to MessagePack writes the same
/// structure as plain MessagePack.
/// </remarks>
internal static class ContentConverter
{
    /// <summary>The deepest nesting the converter follows, as deep as Pickle itself loads by default.</summary>
    public const int MaxDepth = PickleOptions.DefaultMaxDepth;

    private const sbyte HeaderCode = 80;
    private const sbyte BackReferenceCode = 81;
    private const sbyte VectorCode = 90;
    private const sbyte MultiDimensionalCode = 91;

    /// <summary>How many arrays a multi-dimensional blit may expand to beyond one per element (empty rows cost output, not input).</summary>
    private const long MaxEmptyRows = 1 << 20;

    /// <summary>Whether the converter reads content in <paramref name="format"/>.</summary>
    public static bool CanConvert(string format) =>
        format is MessagePackPickleSerializer.FormatName or SystemTextJsonPickleSerializer.FormatName;

    public static void WriteJson(ScannedFrame frame, Utf8JsonWriter writer)
    {
        var header = frame.Header!;
        var payload = frame.Frame!.Payload.AsSequence();
        try
        {
            switch (header.Format)
            {
                case MessagePackPickleSerializer.FormatName:
                    MessagePackToJson(payload, writer);
                    break;
                case SystemTextJsonPickleSerializer.FormatName:
                    CopyJson(payload, writer);
                    break;
                default:
                    throw UnknownFormat(frame);
            }
        }
        catch (Exception e) when (IsContentError(e))
        {
            throw NotValid(frame, e);
        }
    }

    public static void WriteMessagePack(ScannedFrame frame, Stream destination)
    {
        var header = frame.Header!;
        var payload = frame.Frame!.Payload;
        switch (header.Format)
        {
            case MessagePackPickleSerializer.FormatName:
                try
                {
                    var sink = new MessagePackValueSink(destination);
                    Convert(payload.AsSequence(), sink);
                    sink.Flush();
                }
                catch (Exception e) when (IsContentError(e))
                {
                    throw NotValid(frame, e);
                }

                break;
            case SystemTextJsonPickleSerializer.FormatName:
                try
                {
                    using var reader = new StreamReader(new MemoryStream(payload.AsSequence().ToArray()), Encoding.UTF8);
                    var buffer = new ArrayBufferWriter<byte>();
                    var writer = new MessagePackWriter(buffer);
                    MessagePackSerializer.ConvertFromJson(reader, ref writer);
                    writer.Flush();
                    destination.Write(buffer.WrittenSpan);
                }
                catch (Exception e) when (e is MessagePackSerializationException or FormatException or InvalidOperationException or ArgumentException)
                {
                    throw new CliException(
                        $"frame {frame.Number} at byte offset {frame.Offset} passed its checksum, but its JSON content could not be converted: {e.Message}",
                        ExitCodes.Damaged,
                        e);
                }

                break;
            default:
                throw UnknownFormat(frame);
        }
    }

    private static bool IsContentError(Exception e) =>
        e is MessagePackSerializationException or EndOfStreamException or JsonException or InvalidOperationException or ArgumentException;

    private static CliException NotValid(ScannedFrame frame, Exception e) => new(
        $"frame {frame.Number} at byte offset {frame.Offset} passed its checksum, but its '{frame.Header!.Format}' content is not valid: {e.Message}",
        ExitCodes.Damaged,
        e);

    private static CliException UnknownFormat(ScannedFrame frame) => new(
        $"frame {frame.Number} at byte offset {frame.Offset} holds format '{frame.Header!.Format}', which pickle can only show as a header; " +
        $"it converts '{MessagePackPickleSerializer.FormatName}' and '{SystemTextJsonPickleSerializer.FormatName}' content",
        ExitCodes.Damaged);

    /// <summary>Writes the one MessagePack value that <paramref name="payload"/> holds as JSON.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, or has bytes after its value.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    public static void MessagePackToJson(ReadOnlySequence<byte> payload, Utf8JsonWriter writer) =>
        Convert(payload, new JsonValueSink(writer));

    /// <summary>Writes the one MessagePack value that <paramref name="payload"/> holds to <paramref name="sink"/>.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, has bytes after its value, or holds a malformed Pickle extension.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    public static void Convert(ReadOnlySequence<byte> payload, IValueSink sink)
    {
        var reader = new MessagePackReader(payload);
        if (reader.End)
        {
            throw new InvalidOperationException("the payload is empty");
        }

        var typeNames = new List<string>();
        WriteValue(ref reader, sink, typeNames, 0);
        if (!reader.End)
        {
            throw new InvalidOperationException($"{reader.Sequence.Length - reader.Consumed:N0} bytes follow the payload's value");
        }
    }

    /// <summary>
    /// Writes one value; <paramref name="typeNames"/> holds the type names the payload has written so far, in order,
    /// as headers refer to them by index.
    /// </summary>
    private static void WriteValue(ref MessagePackReader reader, IValueSink sink, List<string> typeNames, int depth)
    {
        if (depth > MaxDepth)
        {
            throw TooDeep();
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                sink.WriteNull();
                break;
            case MessagePackType.Boolean:
                sink.WriteBoolean(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                if (reader.NextCode == MessagePackCode.UInt64)
                {
                    sink.WriteUInt64(reader.ReadUInt64());
                }
                else
                {
                    sink.WriteInt64(reader.ReadInt64());
                }

                break;
            case MessagePackType.Float:
                if (reader.NextCode == MessagePackCode.Float32)
                {
                    sink.WriteSingle(reader.ReadSingle());
                }
                else
                {
                    sink.WriteDouble(reader.ReadDouble());
                }

                break;
            case MessagePackType.String:
                sink.WriteString(reader.ReadString() ?? string.Empty);
                break;
            case MessagePackType.Binary:
                sink.WriteBinary(reader.ReadBytes()!.Value);
                break;
            case MessagePackType.Array:
                if (StartsWithHeader(reader))
                {
                    WriteWithHeader(ref reader, sink, typeNames, depth);
                    break;
                }

                var count = reader.ReadArrayHeader();
                sink.StartArray(count);
                for (var i = 0; i < count; i++)
                {
                    WriteValue(ref reader, sink, typeNames, depth + 1);
                }

                sink.EndArray();
                break;
            case MessagePackType.Map:
                var pairs = reader.ReadMapHeader();
                sink.StartMap(pairs);
                WritePairs(ref reader, sink, typeNames, pairs, depth + 1);
                sink.EndMap();
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, sink, depth);
                break;
            default:
                throw new InvalidOperationException($"byte 0x{reader.NextCode:X2} at payload offset {reader.Consumed:N0} does not start a MessagePack value");
        }
    }

    private static void WritePairs(ref MessagePackReader reader, IValueSink sink, List<string> typeNames, int pairs, int depth)
    {
        for (var i = 0; i < pairs; i++)
        {
            if (sink.StringKeys)
            {
                sink.WriteKey(ReadKey(ref reader, typeNames, depth));
            }
            else
            {
                WriteValue(ref reader, sink, typeNames, depth);
            }

            WriteValue(ref reader, sink, typeNames, depth);
        }
    }

    /// <summary>True if the reader is at <c>[ext 80, contents]</c>, a value with an object header.</summary>
    private static bool StartsWithHeader(in MessagePackReader reader)
    {
        var peek = reader.CreatePeekReader();
        if (peek.ReadArrayHeader() != 2 || peek.End || peek.NextMessagePackType != MessagePackType.Extension)
        {
            return false;
        }

        return peek.ReadExtensionFormatHeader().TypeCode == HeaderCode;
    }

    /// <summary>Writes <c>[ext 80 header, contents]</c> as the contents with the header's id and type added.</summary>
    private static void WriteWithHeader(ref MessagePackReader reader, IValueSink sink, List<string> typeNames, int depth)
    {
        reader.ReadArrayHeader();
        var extension = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(extension.Length));
        long? id = body.TryReadNil() ? null : ReadId(ref body, "object header");
        if (body.End)
        {
            throw Malformed("object header");
        }

        string? type = null;
        if (!body.TryReadNil())
        {
            if (body.NextMessagePackType == MessagePackType.Integer)
            {
                var index = body.ReadInt64();
                type = index >= 0 && index < typeNames.Count
                    ? typeNames[(int)index]
                    : throw new InvalidOperationException($"an object header refers to type #{index}, which the payload has not named before");
            }
            else if (body.NextMessagePackType == MessagePackType.String)
            {
                type = body.ReadString() ?? throw Malformed("object header");
                typeNames.Add(type);
            }
            else
            {
                throw Malformed("object header");
            }
        }

        if (!body.End)
        {
            throw Malformed("object header");
        }

        var added = (id is null ? 0 : 1) + (type is null ? 0 : 1);
        if (added == 0)
        {
            WriteValue(ref reader, sink, typeNames, depth + 1);
            return;
        }

        if (reader.NextMessagePackType == MessagePackType.Map)
        {
            var pairs = reader.ReadMapHeader();
            sink.StartMap(added + pairs);
            WriteHeaderProperties(sink, id, type);
            WritePairs(ref reader, sink, typeNames, pairs, depth + 1);
            sink.EndMap();
            return;
        }

        sink.StartMap(added + 1);
        WriteHeaderProperties(sink, id, type);
        sink.WriteKey("$value");
        WriteValue(ref reader, sink, typeNames, depth + 1);
        sink.EndMap();
    }

    private static void WriteHeaderProperties(IValueSink sink, long? id, string? type)
    {
        if (id is { } known)
        {
            sink.WriteKey("$id");
            sink.WriteInt64(known);
        }

        if (type is not null)
        {
            sink.WriteKey("$type");
            sink.WriteString(type);
        }
    }

    private static long ReadId(ref MessagePackReader body, string what)
    {
        if (body.End || body.NextMessagePackType != MessagePackType.Integer || body.NextCode == MessagePackCode.UInt64)
        {
            throw Malformed(what);
        }

        var id = body.ReadInt64();
        return id is >= 0 and <= int.MaxValue ? id : throw Malformed(what);
    }

    private static void WriteExtension(ref MessagePackReader reader, IValueSink sink, int depth)
    {
        var peek = reader.CreatePeekReader();
        var typeCode = peek.ReadExtensionFormatHeader().TypeCode;
        switch (typeCode)
        {
            case ReservedMessagePackExtensionTypeCode.DateTime:
                sink.WriteDateTime(reader.ReadDateTime());
                return;
            case BackReferenceCode:
                var header = reader.ReadExtensionFormatHeader();
                var body = new MessagePackReader(reader.ReadRaw(header.Length));
                var id = ReadId(ref body, "back-reference");
                if (!body.End)
                {
                    throw Malformed("back-reference");
                }

                sink.StartMap(1);
                sink.WriteKey("$ref");
                sink.WriteInt64(id);
                sink.EndMap();
                return;
            case VectorCode:
                WriteVector(reader.ReadExtensionFormat().Data, sink);
                return;
            case MultiDimensionalCode:
                WriteMultiDimensional(reader.ReadExtensionFormat().Data, sink, depth);
                return;
            case HeaderCode:
                throw new InvalidOperationException(
                    $"an object header (ext {HeaderCode}) at payload offset {reader.Consumed:N0} is not the first of a two-element array");
            default:
                var extension = reader.ReadExtensionFormat();
                sink.WriteExtension(extension.TypeCode, extension.Data);
                return;
        }
    }

    /// <summary>Writes ext 90 (element code, then little-endian elements) as an array.</summary>
    private static void WriteVector(ReadOnlySequence<byte> data, IValueSink sink)
    {
        if (data.IsEmpty)
        {
            throw Malformed("array of numbers (ext 90)");
        }

        var code = data.FirstSpan[0];
        var size = ElementSize(code);
        var elements = data.Slice(1);
        if (elements.Length % size != 0)
        {
            throw new InvalidOperationException(
                $"an array of numbers (ext 90) has {elements.Length:N0} bytes of elements, not a whole number of {size}-byte elements");
        }

        var count = elements.Length / size;
        if (count > int.MaxValue)
        {
            throw new InvalidOperationException($"an array of numbers (ext 90) holds {count:N0} elements, more than an array can hold");
        }

        var elementReader = new SequenceReader<byte>(elements);
        sink.StartArray((int)count);
        WriteElements(ref elementReader, code, size, count, sink);
        sink.EndArray();
    }

    /// <summary>Writes ext 91 (element code, rank, lengths, lower bounds, row-major elements) as nested arrays.</summary>
    private static void WriteMultiDimensional(ReadOnlySequence<byte> data, IValueSink sink, int depth)
    {
        const string What = "multi-dimensional array of numbers (ext 91)";
        if (data.Length < 2)
        {
            throw Malformed(What);
        }

        var reader = new SequenceReader<byte>(data);
        reader.TryRead(out var code);
        reader.TryRead(out var rank);
        var size = ElementSize(code);
        if (rank == 0 || data.Length < 2 + (8L * rank))
        {
            throw Malformed(What);
        }

        if (depth + rank > MaxDepth)
        {
            throw TooDeep();
        }

        var lengths = new int[rank];
        var lowerBounds = new int[rank];
        for (var dimension = 0; dimension < rank; dimension++)
        {
            reader.TryReadLittleEndian(out lengths[dimension]);
        }

        for (var dimension = 0; dimension < rank; dimension++)
        {
            reader.TryReadLittleEndian(out lowerBounds[dimension]);
        }

        long count = 1;
        long rows = 0;
        for (var dimension = 0; dimension < rank; dimension++)
        {
            if (lengths[dimension] < 0)
            {
                throw new InvalidOperationException($"a {What} has a negative length in dimension {dimension}");
            }

            rows += count;
            count *= lengths[dimension];
            if (count > Array.MaxLength)
            {
                throw new InvalidOperationException($"a {What} has dimensions that multiply to more elements than an array can hold");
            }
        }

        if (reader.Remaining != count * size)
        {
            throw new InvalidOperationException(
                $"a {What} needs {count * size:N0} bytes of elements for its dimensions, but has {reader.Remaining:N0}");
        }

        if (rows > count + MaxEmptyRows)
        {
            throw new InvalidOperationException($"a {What} has dimensions that make {rows:N0} rows for {count:N0} elements");
        }

        var offset = Array.Exists(lowerBounds, bound => bound != 0);
        if (offset)
        {
            sink.StartMap(2);
            sink.WriteKey("$lowerBounds");
            sink.StartArray(rank);
            foreach (var bound in lowerBounds)
            {
                sink.WriteInt64(bound);
            }

            sink.EndArray();
            sink.WriteKey("$value");
        }

        WriteDimension(ref reader, lengths, 0, code, size, sink);
        if (offset)
        {
            sink.EndMap();
        }
    }

    private static void WriteDimension(ref SequenceReader<byte> reader, int[] lengths, int dimension, byte code, int size, IValueSink sink)
    {
        sink.StartArray(lengths[dimension]);
        if (dimension == lengths.Length - 1)
        {
            WriteElements(ref reader, code, size, lengths[dimension], sink);
        }
        else
        {
            for (var i = 0; i < lengths[dimension]; i++)
            {
                WriteDimension(ref reader, lengths, dimension + 1, code, size, sink);
            }
        }

        sink.EndArray();
    }

    /// <summary>The size of an element with a NumPy/struct type code, as Pickle writes them.</summary>
    private static int ElementSize(byte code) => code switch
    {
        (byte)'?' or (byte)'b' or (byte)'B' => 1,
        (byte)'h' or (byte)'H' or (byte)'e' or (byte)'u' => 2,
        (byte)'i' or (byte)'I' or (byte)'f' => 4,
        (byte)'q' or (byte)'Q' or (byte)'d' => 8,
        _ => throw new InvalidOperationException($"an array of numbers has the unknown element code 0x{code:X2}"),
    };

    private static void WriteElements(ref SequenceReader<byte> reader, byte code, int size, long count, IValueSink sink)
    {
        Span<byte> element = stackalloc byte[8];
        for (long i = 0; i < count; i++)
        {
            var bytes = element[..size];
            if (!reader.TryCopyTo(bytes))
            {
                throw new EndOfStreamException("an array of numbers ends in the middle of an element");
            }

            reader.Advance(size);
            WriteElement(bytes, code, sink);
        }
    }

    private static void WriteElement(ReadOnlySpan<byte> bytes, byte code, IValueSink sink)
    {
        switch (code)
        {
            case (byte)'?':
                sink.WriteBoolean(bytes[0] != 0);
                break;
            case (byte)'b':
                sink.WriteInt64((sbyte)bytes[0]);
                break;
            case (byte)'B':
                sink.WriteInt64(bytes[0]);
                break;
            case (byte)'h':
                sink.WriteInt64(BinaryPrimitives.ReadInt16LittleEndian(bytes));
                break;
            case (byte)'H':
                sink.WriteInt64(BinaryPrimitives.ReadUInt16LittleEndian(bytes));
                break;
            case (byte)'i':
                sink.WriteInt64(BinaryPrimitives.ReadInt32LittleEndian(bytes));
                break;
            case (byte)'I':
                sink.WriteInt64(BinaryPrimitives.ReadUInt32LittleEndian(bytes));
                break;
            case (byte)'q':
                sink.WriteInt64(BinaryPrimitives.ReadInt64LittleEndian(bytes));
                break;
            case (byte)'Q':
                sink.WriteUInt64(BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                break;
            case (byte)'e':
                sink.WriteSingle((float)BinaryPrimitives.ReadHalfLittleEndian(bytes));
                break;
            case (byte)'f':
                sink.WriteSingle(BinaryPrimitives.ReadSingleLittleEndian(bytes));
                break;
            case (byte)'d':
                sink.WriteDouble(BinaryPrimitives.ReadDoubleLittleEndian(bytes));
                break;
            default:
                var character = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes);
                if (char.IsSurrogate(character))
                {
                    sink.WriteInt64(character);
                }
                else
                {
                    sink.WriteString(character.ToString());
                }

                break;
        }
    }

    private static InvalidOperationException Malformed(string what) => new($"the payload holds a malformed {what}");

    private static InvalidOperationException TooDeep() => new($"values are nested more than {MaxDepth} deep");

    private static string ReadKey(ref MessagePackReader reader, List<string> typeNames, int depth)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return reader.ReadString() ?? "null";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var keyWriter = new Utf8JsonWriter(buffer))
        {
            WriteValue(ref reader, new JsonValueSink(keyWriter), typeNames, depth);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CopyJson(ReadOnlySequence<byte> payload, Utf8JsonWriter writer)
    {
        using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxDepth });
        document.WriteTo(writer);
    }
}
