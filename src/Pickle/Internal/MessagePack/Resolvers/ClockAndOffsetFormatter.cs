using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="DateTimeOffset"/> as MessagePack does, an array of its clock time (a MessagePack timestamp
/// read as if it were UTC) and its offset in minutes, with a load that names an offset beyond 14 hours or an instant
/// out of range (<see cref="ScalarChecks.ToDateTimeOffset"/>).
/// </summary>
internal sealed class ClockAndOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly ClockAndOffsetFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options)
    {
        writer.WriteArrayHeader(2);
        writer.Write(new DateTime(value.Ticks, DateTimeKind.Utc));
        writer.Write((short)value.Offset.TotalMinutes);
    }

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.ReadArrayHeader() != 2)
        {
            throw new MessagePackSerializationException("A System.DateTimeOffset must be an array of its clock time and its offset.");
        }

        DateTime clock;
        try
        {
            clock = reader.ReadDateTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw ScalarChecks.Timestamp(typeof(DateTimeOffset));
        }

        return ScalarChecks.ToDateTimeOffset(clock.Ticks, reader.ReadInt64());
    }
}
