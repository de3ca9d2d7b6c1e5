using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="DateTime"/> as the integer <see cref="DateTime.ToBinary"/> gives, which keeps its
/// <see cref="DateTime.Kind"/>: the encoding of MessagePack's native DateTime formatter, with a load that names an
/// out-of-range value (<see cref="ScalarChecks.ToDateTime"/>).
/// </summary>
internal sealed class DateTimeBinaryFormatter : IMessagePackFormatter<DateTime>
{
    public static readonly DateTimeBinaryFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateTime value, MessagePackSerializerOptions options) => writer.Write(value.ToBinary());

    public DateTime Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => ScalarChecks.ToDateTime(reader.ReadInt64());
}
