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

    /// <summary>
    /// The most characters of a string the sink shows, or <see langword="null"/> for all: of a longer string read
    /// through a window, the converter reads only the start, counts the other characters without holding them, and
    /// writes them with <see cref="WriteStringStart"/>.
    /// </summary>
    int? MaxCharacters => null;

    /// <summary>
    /// Writes the first <see cref="MaxCharacters"/> characters of a longer string, of which
    /// <paramref name="charactersLeftOut"/> follow; a sink that sets <see cref="MaxCharacters"/> says how.
    /// </summary>
    void WriteStringStart(string start, long charactersLeftOut) => WriteString(start);

    /// <summary>
    /// How many of the next <paramref name="count"/> elements of the array just started, or entries of the map, the
    /// sink shows: the converter reads past the others without decoding them, and says how many with
    /// <see cref="LeftOut"/>. All of them, unless the sink cuts what it shows.
    /// </summary>
    long Shows(long count) => count;

    /// <summary>Counts <paramref name="count"/> elements or entries of the current container that were not written to the sink.</summary>
    void LeftOut(long count)
    {
    }
}
