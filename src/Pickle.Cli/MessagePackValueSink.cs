using System.Buffers;
using System.Globalization;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

/// <summary>
/// Writes values as plain MessagePack that any MessagePack reader reads: only the standard types, the timestamp
/// extension (for a DateTime, as MessagePack-CSharp writes one: a Local time as its UTC instant, an Unspecified one as
/// if it were UTC), strings for decimals, other dates and times and Guids, and extensions the converter passes
/// through unchanged. Output goes to a stream in blocks of about
/// <see cref="FlushThreshold"/> bytes, so large payloads are not held twice in memory.
/// </summary>
internal sealed class MessagePackValueSink(Stream destination) : IValueSink
{
    private const int FlushThreshold = 64 * 1024;

    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);

    public bool StringKeys => false;

    public void WriteNull() => Write(static (ref MessagePackWriter w, byte _) => w.WriteNil(), (byte)0);

    public void WriteBoolean(bool value) => Write(static (ref MessagePackWriter w, bool v) => w.Write(v), value);

    public void WriteInt64(long value) => Write(static (ref MessagePackWriter w, long v) => w.Write(v), value);

    public void WriteUInt64(ulong value) => Write(static (ref MessagePackWriter w, ulong v) => w.Write(v), value);

    public void WriteSingle(float value) => Write(static (ref MessagePackWriter w, float v) => w.Write(v), value);

    public void WriteDouble(double value) => Write(static (ref MessagePackWriter w, double v) => w.Write(v), value);

    /// <summary>Writes a string as Pickle does: str, or ext 83 for one that is not valid UTF-16.</summary>
    public void WriteString(string value) => Write(static (ref MessagePackWriter w, string v) => ExactStringFormatter.Write(ref w, v), value);

    public void WriteBinary(ReadOnlySequence<byte> value) => Write(static (ref MessagePackWriter w, ReadOnlySequence<byte> v) => w.Write(v), value);

    public void WriteDateTime(DateTime value) => Write(static (ref MessagePackWriter w, DateTime v) => w.Write(v), value);

    /// <summary>Writes a decimal as its text, as MessagePack-CSharp's standard decimal formatter does.</summary>
    public void WriteDecimal(decimal value) => WriteScalarText(value.ToString(CultureInfo.InvariantCulture));

    public void WriteScalarText(string text) => Write(static (ref MessagePackWriter w, string v) => w.Write(v), text);

    public void WriteExtension(sbyte typeCode, ReadOnlySequence<byte> data) =>
        Write(static (ref MessagePackWriter w, ExtensionResult v) => w.WriteExtensionFormat(v), new ExtensionResult(typeCode, data));

    public void StartArray(int count) => Write(static (ref MessagePackWriter w, int v) => w.WriteArrayHeader(v), count);

    public void EndArray()
    {
    }

    public void StartMap(int count) => Write(static (ref MessagePackWriter w, int v) => w.WriteMapHeader(v), count);

    public void EndMap()
    {
    }

    public void WriteKey(string key) => WriteString(key);

    /// <summary>Writes what is still buffered to the stream.</summary>
    public void Flush()
    {
        destination.Write(_buffer.WrittenSpan);
        _buffer.Clear();
    }

    private void Write<T>(WriteAction<T> action, T value)
    {
        var writer = new MessagePackWriter(_buffer);
        action(ref writer, value);
        writer.Flush();
        if (_buffer.WrittenCount >= FlushThreshold)
        {
            Flush();
        }
    }

    private delegate void WriteAction<in T>(ref MessagePackWriter writer, T value);
}
