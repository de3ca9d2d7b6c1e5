using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace Pickling.Cli;

/// <summary>
/// Turns a frame's payload into portable JSON or MessagePack without loading any type it names: MessagePack is walked
/// value by value (<see cref="MessagePackConverter"/>, Pickle's blits by <see cref="BlitConverter"/>), JSON is copied
/// token by token.
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
/// the header has it); a back-reference (ext 81) becomes <c>{"$ref": id}</c>; a string that is not valid UTF-16
/// (ext 83) a string with its lone surrogates escaped (<c>"a\uD800"</c>); an array segment (<c>[ext 84, array]</c>)
/// <c>{"$offset": offset, "$count": count, "$array": array}</c>; a collection over a list of its own
/// (<c>[ext 85, list]</c>) that list; a list whose field keys are written once (ext 86 first of its array, format
/// version 5 on) the plain array of its records, each array of values an object with the keys of the list's first map;
/// a comparer record (ext 82, first of a collection's items)
/// <c>{"$comparer": name}</c>, with <c>"$culture"</c> and <c>"$options"</c> for a culture's comparer, or
/// <c>{"$comparer": null}</c> before a comparer object; a date, time, decimal or Guid (ext 70 to 76) its text, or its number for a
/// decimal (<see cref="ScalarConverter"/>). Converting to MessagePack writes the same structure as plain MessagePack.
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
        var header = frame.Header!.Value;
        try
        {
            switch (header.Format)
            {
                case MessagePackPickleSerializer.FormatName:
                    Convert(frame, new JsonValueSink(writer));
                    break;
                case SystemTextJsonPickleSerializer.FormatName:
                    CopyJson(frame.Value, writer);
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
        var header = frame.Header!.Value;
        switch (header.Format)
        {
            case MessagePackPickleSerializer.FormatName:
                try
                {
                    var sink = new MessagePackValueSink(destination);
                    Convert(frame, sink);
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
                    using var reader = new StreamReader(new MemoryStream(frame.Value.ToArray()), Encoding.UTF8);
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

    /// <summary>
    /// Writes the content of an intact MessagePack frame to <paramref name="sink"/>: from the payload it kept, or read
    /// again from its file in bounded memory (<see cref="FrameContent"/>).
    /// </summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, has bytes after its value, or holds a malformed Pickle extension.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    /// <exception cref="PickleException">The payload does not decompress.</exception>
    public static void Convert(ScannedFrame frame, IValueSink sink)
    {
        if (frame.Frame is null)
        {
            FrameContent.Convert(frame, sink);
        }
        else
        {
            Convert(frame.Value, sink, frame.NamedRootType);
        }
    }

    /// <summary>Writes the one MessagePack value that <paramref name="payload"/> holds as JSON.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, or has bytes after its value.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    /// <exception cref="PickleException">A date, time, decimal or Guid is malformed or out of its type's range.</exception>
    public static void MessagePackToJson(ReadOnlySequence<byte> payload, Utf8JsonWriter writer) =>
        Convert(payload, new JsonValueSink(writer));

    /// <summary>Writes the one MessagePack value that <paramref name="payload"/> holds to <paramref name="sink"/>.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, has bytes after its value, or holds a malformed Pickle extension.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    /// <exception cref="PickleException">A date, time, decimal or Guid is malformed or out of its type's range.</exception>
    public static void Convert(ReadOnlySequence<byte> payload, IValueSink sink) => Convert(payload, sink, rootType: null);

    /// <summary>Writes a root value to <paramref name="sink"/>, with <paramref name="rootType"/>, if any, as its <c>"$type"</c>.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, has bytes after its value, or holds a malformed Pickle extension.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    /// <exception cref="PickleException">A date, time, decimal or Guid is malformed or out of its type's range.</exception>
    public static void Convert(ReadOnlySequence<byte> payload, IValueSink sink, string? rootType)
    {
        var reader = new MessagePackReader(payload);
        if (reader.End)
        {
            throw new InvalidOperationException("the payload is empty");
        }

        new MessagePackConverter(sink).WriteRoot(ref reader, rootType);
        if (!reader.End)
        {
            throw new InvalidOperationException($"{reader.Sequence.Length - reader.Consumed:N0} bytes follow the payload's value");
        }
    }

    /// <summary>The error for a Pickle extension whose body is not what FORMAT.md says.</summary>
    public static InvalidOperationException Malformed(string what) => new($"the payload holds a malformed {what}");

    /// <summary>The error for values nested beyond <see cref="MaxDepth"/>.</summary>
    public static InvalidOperationException TooDeep() => new($"values are nested more than {MaxDepth} deep");

    private static bool IsContentError(Exception e) =>
        e is MessagePackSerializationException or EndOfStreamException or JsonException or InvalidOperationException or ArgumentException or PickleException;

    private static CliException NotValid(ScannedFrame frame, Exception e) => new(
        $"frame {frame.Number} at byte offset {frame.Offset} passed its checksum, but its '{frame.Header!.Value.Format}' content is not valid: {e.Message}",
        ExitCodes.Damaged,
        e);

    private static CliException UnknownFormat(ScannedFrame frame) => new(
        $"frame {frame.Number} at byte offset {frame.Offset} holds format '{frame.Header!.Value.Format}', which pickle can only show as a header; " +
        $"it converts '{MessagePackPickleSerializer.FormatName}' and '{SystemTextJsonPickleSerializer.FormatName}' content",
        ExitCodes.Damaged);

    private static void CopyJson(ReadOnlySequence<byte> payload, Utf8JsonWriter writer)
    {
        using var document = JsonDocument.Parse(payload, new JsonDocumentOptions { MaxDepth = MaxDepth });
        document.WriteTo(writer);
    }
}
