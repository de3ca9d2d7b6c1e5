using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="TimeOnly"/> as extension 74 holding its ticks, with a load that names a time outside one day
/// (<see cref="ScalarChecks.ToTimeOnly"/>). Payloads of format versions 1 to 3 hold the ticks as a MessagePack int,
/// which loads as well.
/// </summary>
internal sealed class TimeOfDayTicksFormatter : IMessagePackFormatter<TimeOnly>
{
    public static readonly TimeOfDayTicksFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TimeOnly value, MessagePackSerializerOptions options) =>
        ScalarExtensions.WriteInteger(ref writer, PickleExtensions.TimeOnly, value.Ticks);

    public TimeOnly Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static TimeOnly Read(ref MessagePackReader reader) =>
        ScalarChecks.ToTimeOnly(ScalarExtensions.IsNext(ref reader)
            ? ScalarExtensions.ReadInteger(ref reader, PickleExtensions.TimeOnly, typeof(TimeOnly))
            : reader.ReadInt64());
}
