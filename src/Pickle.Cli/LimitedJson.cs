using System.Buffers;
using System.Text.Json;

namespace Pickling.Cli;

/// <summary>
/// Copies a <c>json</c> frame's payload token by token, showing at most <c>maxItems</c> elements, entries and
/// characters of each array, object and string, as <see cref="LimitedValueSink"/> does for MessagePack content.
/// </summary>
internal static class LimitedJson
{
    /// <exception cref="JsonException">The payload is not one valid JSON value.</exception>
    public static void Copy(ReadOnlySequence<byte> payload, Utf8JsonWriter writer, int maxItems)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = ContentConverter.MaxDepth });
        if (!reader.Read())
        {
            throw new JsonException("the payload is empty");
        }

        CopyValue(ref reader, writer, maxItems);
        if (reader.Read())
        {
            throw new JsonException("bytes follow the payload's value");
        }
    }

    private static void CopyValue(ref Utf8JsonReader reader, Utf8JsonWriter writer, int maxItems)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartArray:
                writer.WriteStartArray();
                var items = 0L;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (++items <= maxItems)
                    {
                        CopyValue(ref reader, writer, maxItems);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (items > maxItems)
                {
                    writer.WriteStringValue(LimitedValueSink.MoreItems(items - maxItems));
                }

                writer.WriteEndArray();
                break;
            case JsonTokenType.StartObject:
                writer.WriteStartObject();
                var entries = 0L;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var shown = ++entries <= maxItems;
                    if (shown)
                    {
                        writer.WritePropertyName(reader.GetString()!);
                    }

                    reader.Read();
                    if (shown)
                    {
                        CopyValue(ref reader, writer, maxItems);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }

                if (entries > maxItems)
                {
                    writer.WriteString(LimitedValueSink.Ellipsis, LimitedValueSink.MoreEntries(entries - maxItems));
                }

                writer.WriteEndObject();
                break;
            case JsonTokenType.String:
                writer.WriteStringValue(LimitedValueSink.Cut(reader.GetString()!, maxItems));
                break;
            case JsonTokenType.Number:
                writer.WriteRawValue(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan, skipInputValidation: true);
                break;
            case JsonTokenType.True or JsonTokenType.False:
                writer.WriteBooleanValue(reader.GetBoolean());
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}
