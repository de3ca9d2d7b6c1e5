using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Pickling.Cli;

/// <summary>
/// Writes values as JSON: binary as base64, timestamps as ISO 8601 strings, NaN and infinities as the strings
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

    public void WriteString(string value) => writer.WriteStringValue(value);

    public void WriteBinary(ReadOnlySequence<byte> value) => writer.WriteBase64StringValue(value.ToArray());

    public void WriteDateTime(DateTime value) => writer.WriteStringValue(value.ToString("O", CultureInfo.InvariantCulture));

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

    public void WriteKey(string key) => writer.WritePropertyName(key);

    private void WriteNonFinite(double value) =>
        writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
}
