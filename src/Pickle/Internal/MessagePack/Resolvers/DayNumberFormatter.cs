using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="DateOnly"/> as extension 73 holding its <see cref="DateOnly.DayNumber"/>, with a load that
/// names a day outside the calendar (<see cref="ScalarChecks.ToDateOnly"/>). Payloads of format versions 1 to 3 hold
/// the day number as a MessagePack int, which loads as well.
/// </summary>
internal sealed class DayNumberFormatter : IMessagePackFormatter<DateOnly>
{
    public static readonly DayNumberFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateOnly value, MessagePackSerializerOptions options) =>
        ScalarExtensions.WriteInteger(ref writer, PickleExtensions.DateOnly, value.DayNumber);

    public DateOnly Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static DateOnly Read(ref MessagePackReader reader) =>
        ScalarChecks.ToDateOnly(ScalarExtensions.IsNext(ref reader)
            ? ScalarExtensions.ReadInteger(ref reader, PickleExtensions.DateOnly, typeof(DateOnly))
            : reader.ReadInt64());
}
