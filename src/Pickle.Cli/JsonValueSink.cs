using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pickling.Cli;

/// <summary>
/// Writes values as JSON: binary as base64, timestamps as ISO 8601 strings, decimals as numbers, other dates, times
/// and Guids as their text, NaN and infinities as the strings
/// <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>, other extensions as <c>{"$ext": type, "base64": data}</c>.
/// </summary>
internal sealed class JsonValueSink(Utf8JsonWriter writer) : IValueSink
{
    public bool StringKeys => true;

    public void WriteNull() => writer.WriteNullValue();

    public void WriteBoolean(bool value) => writer.WriteBooleanValue(value);

    public void WriteInt64(long value) => writer.WriteNumberValue(value);

    public void WriteUInt64(ulong value) => writer.WriteNumberValue(value);

    public void WriteSingle(float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(value);
        }
    }

    public void WriteDouble(double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            WriteNonFinite(value);
        }
    }

    /// <summary>Writes a string; one that is not valid UTF-16 with its lone surrogates escaped (<c>"a\uD800"</c>), which JSON allows.</summary>
    public void WriteString(string value)
    {
        if (FirstLoneSurrogate(value) < 0)
        {
            writer.WriteStringValue(value);
            return;
        }

        writer.WriteRawValue(Escaped(value, static text => JsonEncodedText.Encode(text).Value, @"\u{0:X4}"), skipInputValidation: true);
    }

    public void WriteBinary(ReadOnlySequence<byte> value) => writer.WriteBase64StringValue(value.ToArray());

    public void WriteDateTime(DateTime value) => writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));

    public void WriteDecimal(decimal value) => writer.WriteNumberValue(value);

    public void WriteScalarText(string text) => writer.WriteStringValue(text);

    public void WriteExtension(sbyte typeCode, ReadOnlySequence<byte> data)
    {
        writer.WriteStartObject();
        writer.WriteNumber("$ext", typeCode);
        writer.WriteBase64String("base64", data.ToArray());
        writer.WriteEndObject();
    }

    public void StartArray(int count) => writer.WriteStartArray();

    public void EndArray() => writer.WriteEndArray();

    public void StartMap(int count) => writer.WriteStartObject();

    public void EndMap() => writer.WriteEndObject();

    /// <summary>Writes a key; one that is not valid UTF-16 with each lone surrogate as the text <c>\uD800</c>, since a JSON writer takes no raw keys.</summary>
    public void WriteKey(string key) =>
        writer.WritePropertyName(FirstLoneSurrogate(key) < 0 ? key : Escaped(key, static text => text, @"\u{0:X4}")[1..^1]);

    /// <summary>The index of the first surrogate not part of a pair, or -1.</summary>
    private static int FirstLoneSurrogate(ReadOnlySpan<char> value)
    {
        var i = 0;
        while (i < value.Length)
        {
            if (Rune.DecodeFromUtf16(value[i..], out _, out var consumed) != OperationStatus.Done)
            {
                return i;
            }

            i += consumed;
        }

        return -1;
    }

    /// <summary><paramref name="value"/> in quotes: runs of valid text as <paramref name="encode"/> gives them, lone surrogates by <paramref name="format"/>.</summary>
    private static string Escaped(string value, Func<string, string> encode, string format)
    {
        var builder = new StringBuilder("\"");
        var start = 0;
        while (FirstLoneSurrogate(value.AsSpan(start)) is var lone and >= 0)
        {
            builder.Append(encode(value.Substring(start, lone))).AppendFormat(CultureInfo.InvariantCulture, format, (int)value[start + lone]);
            start += lone + 1;
        }

        return builder.Append(encode(value[start..])).Append('"').ToString();
    }

    private void WriteNonFinite(double value) =>
        writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
}
