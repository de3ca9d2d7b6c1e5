using System.Buffers;
using System.Globalization;
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
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, and any other extension an object
/// <c>{"$ext": type, "base64": data}</c>.
/// </remarks>
internal static class ContentConverter
{
    /// <summary>The deepest nesting the converter follows, as deep as Pickle itself loads by default.</summary>
    public const int MaxDepth = PickleOptions.DefaultMaxDepth;

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
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or JsonException or InvalidOperationException or ArgumentException)
        {
            throw new CliException(
                $"frame {frame.Number} at byte offset {frame.Offset} passed its checksum, but its '{header.Format}' content is not valid: {e.Message}",
                ExitCodes.Damaged,
                e);
        }
    }

    public static void WriteMessagePack(ScannedFrame frame, Stream destination)
    {
        var header = frame.Header!;
        var payload = frame.Frame!.Payload;
        switch (header.Format)
        {
            case MessagePackPickleSerializer.FormatName:
                foreach (var block in payload.Blocks)
                {
                    destination.Write(block.Span);
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

    private static CliException UnknownFormat(ScannedFrame frame) => new(
        $"frame {frame.Number} at byte offset {frame.Offset} holds format '{frame.Header!.Format}', which pickle can only show as a header; " +
        $"it converts '{MessagePackPickleSerializer.FormatName}' and '{SystemTextJsonPickleSerializer.FormatName}' content",
        ExitCodes.Damaged);

    /// <summary>Writes the one MessagePack value that <paramref name="payload"/> holds as JSON.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, or has bytes after its value.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    public static void MessagePackToJson(ReadOnlySequence<byte> payload, Utf8JsonWriter writer)
    {
        var reader = new MessagePackReader(payload);
        if (reader.End)
        {
            throw new InvalidOperationException("the payload is empty");
        }

        WriteValue(ref reader, writer, 0);
        if (!reader.End)
        {
            throw new InvalidOperationException($"{reader.Sequence.Length - reader.Consumed:N0} bytes follow the payload's value");
        }
    }

    private static void WriteValue(ref MessagePackReader reader, Utf8JsonWriter writer, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidOperationException($"values are nested more than {MaxDepth} deep");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                writer.WriteNullValue();
                break;
            case MessagePackType.Boolean:
                writer.WriteBooleanValue(reader.ReadBoolean());
                break;
            case MessagePackType.Integer:
                WriteInteger(ref reader, writer);
                break;
            case MessagePackType.Float:
                WriteFloat(ref reader, writer);
                break;
            case MessagePackType.String:
                writer.WriteStringValue(reader.ReadString());
                break;
            case MessagePackType.Binary:
                writer.WriteBase64StringValue(reader.ReadBytes()!.Value.ToArray());
                break;
            case MessagePackType.Array:
                var count = reader.ReadArrayHeader();
                writer.WriteStartArray();
                for (var i = 0; i < count; i++)
                {
                    WriteValue(ref reader, writer, depth + 1);
                }

                writer.WriteEndArray();
                break;
            case MessagePackType.Map:
                var pairs = reader.ReadMapHeader();
                writer.WriteStartObject();
                for (var i = 0; i < pairs; i++)
                {
                    writer.WritePropertyName(ReadKey(ref reader, depth + 1));
                    WriteValue(ref reader, writer, depth + 1);
                }

                writer.WriteEndObject();
                break;
            case MessagePackType.Extension:
                WriteExtension(ref reader, writer);
                break;
            default:
                throw new InvalidOperationException($"byte 0x{reader.NextCode:X2} at payload offset {reader.Consumed:N0} does not start a MessagePack value");
        }
    }

    private static void WriteInteger(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        if (reader.NextCode == MessagePackCode.UInt64)
        {
            writer.WriteNumberValue(reader.ReadUInt64());
        }
        else
        {
            writer.WriteNumberValue(reader.ReadInt64());
        }
    }

    private static void WriteFloat(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        double value;
        if (reader.NextCode == MessagePackCode.Float32)
        {
            var single = reader.ReadSingle();
            if (float.IsFinite(single))
            {
                writer.WriteNumberValue(single);
                return;
            }

            value = single;
        }
        else
        {
            value = reader.ReadDouble();
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
                return;
            }
        }

        writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static void WriteExtension(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        var peek = reader.CreatePeekReader();
        if (peek.ReadExtensionFormatHeader().TypeCode == ReservedMessagePackExtensionTypeCode.DateTime)
        {
            writer.WriteStringValue(reader.ReadDateTime().ToString("O", CultureInfo.InvariantCulture));
            return;
        }

        var extension = reader.ReadExtensionFormat();
        writer.WriteStartObject();
        writer.WriteNumber("$ext", extension.TypeCode);
        writer.WriteBase64String("base64", extension.Data.ToArray());
        writer.WriteEndObject();
    }

    private static string ReadKey(ref MessagePackReader reader, int depth)
    {
        if (reader.NextMessagePackType == MessagePackType.String)
        {
            return reader.ReadString() ?? "null";
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var keyWriter = new Utf8JsonWriter(buffer))
        {
            WriteValue(ref reader, keyWriter, depth);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void CopyJson(ReadOnlySequence<byte> payload, Utf8JsonWriter writer)
    {
        using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxDepth });
        document.WriteTo(writer);
    }
}
