using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="TimeSpan"/> as extension 72 holding its ticks. Payloads of format versions 1 to 3 hold the
/// ticks as a MessagePack int (MessagePack's own encoding), which loads as well.
/// </summary>
internal sealed class TimeSpanTicksFormatter : IMessagePackFormatter<TimeSpan>
{
    public static readonly TimeSpanTicksFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TimeSpan value, MessagePackSerializerOptions options) =>
        ScalarExtensions.WriteInteger(ref writer, PickleExtensions.TimeSpan, value.Ticks);

    public TimeSpan Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static TimeSpan Read(ref MessagePackReader reader) =>
        new(ScalarExtensions.IsNext(ref reader)
            ? ScalarExtensions.ReadInteger(ref reader, PickleExtensions.TimeSpan, typeof(TimeSpan))
            : reader.ReadInt64());
}
