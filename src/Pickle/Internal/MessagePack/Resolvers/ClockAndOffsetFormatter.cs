using System.Buffers.Binary;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="DateTimeOffset"/> as extension 71 of 10 bytes: its clock time's ticks (8) and its offset in
/// minutes (2), little-endian, with a load that names an offset beyond 14 hours or an instant out of range
/// (<see cref="ScalarChecks.ToDateTimeOffset"/>). Payloads of format versions 1 to 3 hold it as MessagePack does, an
/// array of its clock time (a MessagePack timestamp read as if it were UTC) and its offset, which loads as well.
/// </summary>
internal sealed class ClockAndOffsetFormatter : IMessagePackFormatter<DateTimeOffset>
{
    public static readonly ClockAndOffsetFormatter Instance = new();

    private const int Length = 10;

    public void Serialize(ref MessagePackWriter writer, DateTimeOffset value, MessagePackSerializerOptions options)
    {
        Span<byte> bytes = stackalloc byte[Length];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value.Ticks);
        BinaryPrimitives.WriteInt16LittleEndian(bytes[8..], (short)value.Offset.TotalMinutes);
        ScalarExtensions.WriteBytes(ref writer, PickleExtensions.DateTimeOffset, bytes);
    }

    public DateTimeOffset Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static DateTimeOffset Read(ref MessagePackReader reader)
    {
        if (ScalarExtensions.IsNext(ref reader))
        {
            Span<byte> bytes = stackalloc byte[Length];
            ScalarExtensions.ReadBytes(ref reader, PickleExtensions.DateTimeOffset, typeof(DateTimeOffset), bytes);
            return ScalarChecks.ToDateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes), BinaryPrimitives.ReadInt16LittleEndian(bytes[8..]));
        }

        return ReadClockAndOffset(ref reader);
    }

    /// <summary>The array of format versions 1 to 3.</summary>
    private static DateTimeOffset ReadClockAndOffset(ref MessagePackReader reader)
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
