using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="DateTime"/> as extension 70 holding the integer <see cref="DateTime.ToBinary"/> gives, which
/// keeps its <see cref="DateTime.Kind"/>, with a load that names an out-of-range value
/// (<see cref="ScalarChecks.ToDateTime"/>). Payloads of format versions 1 to 3 hold that integer as a MessagePack int,
/// which loads as well.
/// </summary>
internal sealed class DateTimeBinaryFormatter : IMessagePackFormatter<DateTime>
{
    public static readonly DateTimeBinaryFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateTime value, MessagePackSerializerOptions options) => Write(ref writer, value);

    public DateTime Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static void Write(ref MessagePackWriter writer, DateTime value) =>
        ScalarExtensions.WriteInteger(ref writer, PickleExtensions.DateTime, value.ToBinary());

    public static DateTime Read(ref MessagePackReader reader) =>
        ScalarChecks.ToDateTime(ScalarExtensions.IsNext(ref reader)
            ? ScalarExtensions.ReadInteger(ref reader, PickleExtensions.DateTime, typeof(DateTime))
            : reader.ReadInt64());

    /// <summary>
    /// Reads a DateTime straight from <paramref name="bytes"/> at <paramref name="position"/> as <see cref="Read"/> does;
    /// false, with <paramref name="position"/> unmoved, where the caller must read it through MessagePack's reader.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, ref int position, out DateTime value)
    {
        if (ScalarExtensions.TryReadInteger(bytes, ref position, PickleExtensions.DateTime, out var binary)
            || SpanValues.TryReadInt64(bytes, ref position, out binary))
        {
            value = ScalarChecks.ToDateTime(binary);
            return true;
        }

        value = default;
        return false;
    }
}
