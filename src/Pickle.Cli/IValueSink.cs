using System.Buffers;

namespace Pickling.Cli;

/// <summary>
/// Where <see cref="ContentConverter"/> writes the portable values it reads from a payload: JSON text or plain
/// MessagePack. Containers announce their element count first, as MessagePack needs it.
/// </summary>
internal interface IValueSink
{
    /// <summary>Whether map keys must be strings (JSON); otherwise keys are written as values.</summary>
    bool StringKeys { get; }

    void WriteNull();

    void WriteBoolean(bool value);

    void WriteInt64(long value);

    void WriteUInt64(ulong value);

    void WriteSingle(float value);

    void WriteDouble(double value);

    void WriteString(string value);

    void WriteBinary(ReadOnlySequence<byte> value);

    void WriteDateTime(DateTime value);

    /// <summary>Writes a decimal as its number, its scale kept (<c>1.00</c>).</summary>
    void WriteDecimal(decimal value);

    /// <summary>
    /// Writes a scalar that shows as its text (a date, a time, a Guid): a string, which, unlike <see cref="WriteString"/>,
    /// is never cut short.
    /// </summary>
    void WriteScalarText(string text);

    /// <summary>Writes an extension the converter does not decode.</summary>
    void WriteExtension(sbyte typeCode, ReadOnlySequence<byte> data);

    void StartArray(int count);

    void EndArray();

    void StartMap(int count);

    void EndMap();

    /// <summary>Writes a map key that is a string (every key when <see cref="StringKeys"/> is true).</summary>
    void WriteKey(string key);
}
