using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="DateOnly"/> as its <see cref="DateOnly.DayNumber"/>, as MessagePack does, with a load that
/// names a day outside the calendar (<see cref="ScalarChecks.ToDateOnly"/>).
/// </summary>
internal sealed class DayNumberFormatter : IMessagePackFormatter<DateOnly>
{
    public static readonly DayNumberFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateOnly value, MessagePackSerializerOptions options) => writer.Write(value.DayNumber);

    public DateOnly Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => ScalarChecks.ToDateOnly(reader.ReadInt64());
}
