using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="TimeOnly"/> as its ticks, as MessagePack does, with a load that names a time outside one day
/// (<see cref="ScalarChecks.ToTimeOnly"/>).
/// </summary>
internal sealed class TimeOfDayTicksFormatter : IMessagePackFormatter<TimeOnly>
{
    public static readonly TimeOfDayTicksFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, TimeOnly value, MessagePackSerializerOptions options) => writer.Write(value.Ticks);

    public TimeOnly Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => ScalarChecks.ToTimeOnly(reader.ReadInt64());
}
