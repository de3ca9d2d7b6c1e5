using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

/// <summary>
/// Walks a MessagePack payload value by value and writes each to a sink, decoding Pickle's extensions
/// (<see cref="PickleExtensions"/>) as <see cref="ContentConverter"/> describes. Object headers and back-references
/// are read by the library's own <see cref="ObjectHeaders"/>, which loads no type; the types they name are kept as
/// names, in the order the payload names them, as headers refer to them by index. With a <see cref="PayloadWindow"/>,
/// the payload is read through it, so that a payload of any size is walked in bounded memory, and the elements and
/// entries a sink does not show are read past without being decoded.
/// </summary>
internal sealed partial class MessagePackConverter(IValueSink sink, List<string>? typeNames = null, PayloadWindow? window = null)
{
    private readonly List<string> _typeNames = typeNames ?? [];

    /// <summary>Writes the value the reader is at, <paramref name="depth"/> levels down.</summary>
    public void WriteValue(ref MessagePackReader reader, int depth)
    {
        if (depth > ContentConverter.MaxDepth)
        {
            throw ContentConverter.TooDeep();
        }

        window?.EnsureNextValue(ref reader, sink.MaxCharacters);
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
                if (window is not null && sink.MaxCharacters is { } maxCharacters && window.TryReadLongStringStart(ref reader, maxCharacters, out var start, out var left))
                {
                    sink.WriteStringStart(start, left);
                    break;
                }

                sink.WriteString(reader.ReadString() ?? string.Empty);
                break;
            case MessagePackType.Binary:
                sink.WriteBinary(reader.ReadBytes()!.Value);
                break;
            case MessagePackType.Array:
                if (ObjectHeaders.StartsWithHeader(ref reader))
                {
                    WriteWithHeader(ref reader, depth);
                    break;
                }

                if (ObjectHeaders.StartsWithExtension(ref reader, PickleExtensions.ArraySegment))
                {
                    WriteSegment(ref reader, depth);
                    break;
                }

                if (ObjectHeaders.StartsWithExtension(ref reader, PickleExtensions.WrappedList))
                {
                    // A collection over a list of its own shows as that list.
                    reader.ReadArrayHeader();
                    reader.Skip();
                    WriteValue(ref reader, depth + 1);
                    break;
                }

                var count = ReadHeader(ref reader, isMap: false);
                if (StartsKeyedList(ref reader, count))
                {
                    WriteKeyedList(ref reader, count, depth);
                    break;
                }

                sink.StartArray(count);
                var shown = sink.Shows(count);
                for (var i = 0; i < shown; i++)
                {
                    WriteValue(ref reader, depth + 1);
                }

                LeaveOut(ref reader, count - shown, count - shown);
                sink.EndArray();
                break;
            case MessagePackType.Map:
                var pairs = ReadHeader(ref reader, isMap: true);
                sink.StartMap(pairs);
                WritePairs(ref reader, pairs, depth + 1);
                sink.EndMap();
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, depth);
                break;
            default:
                throw new InvalidOperationException($"byte 0x{reader.NextCode:X2} at payload offset {Offset(reader):N0} does not start a MessagePack value");
        }
    }

    private void WritePairs(ref MessagePackReader reader, int pairs, int depth)
    {
        var shown = sink.Shows(pairs);
        for (var i = 0; i < shown; i++)
        {
            if (sink.StringKeys)
            {
                sink.WriteKey(ReadKey(ref reader, depth));
            }
            else
            {
                WriteValue(ref reader, depth);
            }

            WriteValue(ref reader, depth);
        }

        LeaveOut(ref reader, 2 * (pairs - shown), pairs - shown);
    }

    /// <summary>Reads past <paramref name="values"/> values, which are <paramref name="entries"/> elements or entries the sink does not show.</summary>
    private void LeaveOut(ref MessagePackReader reader, long values, long entries)
    {
        if (entries == 0)
        {
            return;
        }

        if (window is null)
        {
            for (var i = 0L; i < values; i++)
            {
                reader.Skip();
            }
        }
        else
        {
            window.SkipValues(ref reader, values);
        }

        sink.LeftOut(entries);
    }

    /// <summary>The reader's offset in the whole payload, for messages.</summary>
    private long Offset(in MessagePackReader reader) => window is null ? reader.Consumed : window.Length - window.Left(reader);

    /// <summary>
    /// An array's or map's count. Read from a window, the count is checked against what the payload has left, not
    /// what the window holds, as the reader would.
    /// </summary>
    private int ReadHeader(ref MessagePackReader reader, bool isMap)
    {
        if (window is null)
        {
            return isMap ? reader.ReadMapHeader() : reader.ReadArrayHeader();
        }

        int count;
        var read = isMap ? reader.TryReadMapHeader(out count) : reader.TryReadArrayHeader(out count);
        if (!read || count > window.Left(reader))
        {
            throw new EndOfStreamException($"the payload ends before the {count:N0} {(isMap ? "entries of a map" : "elements of an array")} at payload offset {Offset(reader):N0}");
        }

        return count;
    }

    private void WriteExtension(ref MessagePackReader reader, int depth)
    {
        var typeCode = ObjectHeaders.PeekExtensionType(ref reader);
        if (ScalarConverter.TryWrite(ref reader, typeCode, sink))
        {
            return;
        }

        switch (typeCode)
        {
            case ReservedMessagePackExtensionTypeCode.DateTime:
                sink.WriteDateTime(reader.ReadDateTime());
                return;
            case PickleExtensions.BackReference:
                if (!ObjectHeaders.TryReadBackReference(ref reader, out var id))
                {
                    throw ContentConverter.Malformed(PickleExtensions.NameOf(PickleExtensions.BackReference)!);
                }

                sink.StartMap(1);
                sink.WriteKey("$ref");
                sink.WriteInt64(id);
                sink.EndMap();
                return;
            case PickleExtensions.Comparer:
                WriteComparer(ref reader);
                return;
            case PickleExtensions.Utf16String:
                sink.WriteString(ExactStringFormatter.Decode(reader.ReadExtensionFormat().Data));
                return;
            case PickleExtensions.Vector:
                BlitConverter.WriteVector(reader.ReadExtensionFormat().Data, sink);
                return;
            case PickleExtensions.MultiDimensional:
                BlitConverter.WriteMultiDimensional(reader.ReadExtensionFormat().Data, sink, depth);
                return;
            case PickleExtensions.KeysOnce:
                throw MisplacedKeysOnceMark(reader);
            case PickleExtensions.ObjectHeader:
                throw new InvalidOperationException(
                    $"an {PickleExtensions.NameOf(PickleExtensions.ObjectHeader)} (ext {PickleExtensions.ObjectHeader}) at payload offset {reader.Consumed:N0} " +
                    "is not the first of a two-element array");
            default:
                var extension = reader.ReadExtensionFormat();
                sink.WriteExtension(extension.TypeCode, extension.Data);
                return;
        }
    }

    /// <summary>
    /// Writes a comparer record (ext 82) as <c>{"$comparer": name}</c>, with <c>"$culture"</c> and <c>"$options"</c> for a
    /// culture's comparer, or <c>{"$comparer": null}</c> when the comparer object follows as the next item.
    /// </summary>
    private void WriteComparer(ref MessagePackReader reader)
    {
        var body = new MessagePackReader(reader.ReadExtensionFormat().Data);
        if (body.TryReadNil())
        {
            if (!body.End)
            {
                throw ContentConverter.Malformed(PickleExtensions.NameOf(PickleExtensions.Comparer)!);
            }

            sink.StartMap(1);
            sink.WriteKey("$comparer");
            sink.WriteNull();
            sink.EndMap();
            return;
        }

        var name = ComparerRecord.ReadName(ref body);
        sink.StartMap(name.CultureName is null ? 1 : 3);
        sink.WriteKey("$comparer");
        sink.WriteString(name.Name);
        if (name.CultureName is not null)
        {
            sink.WriteKey("$culture");
            sink.WriteString(name.CultureName);
            sink.WriteKey("$options");
            sink.WriteString(name.Options.ToString());
        }

        sink.EndMap();
    }

    /// <summary>A map key as a string: a string key as it is, any other key as its JSON text.</summary>
    private string ReadKey(ref MessagePackReader reader, int depth)
    {
        window?.EnsureNextValue(ref reader, maxCharacters: null);
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return reader.ReadString() ?? "null";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var keyWriter = new Utf8JsonWriter(buffer))
        {
            new MessagePackConverter(new JsonValueSink(keyWriter), _typeNames, window).WriteValue(ref reader, depth);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
