using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>Writes an <see cref="nint"/> as a MessagePack integer of 64 bits at most.</summary>
internal sealed class NIntFormatter : IMessagePackFormatter<nint>
{
    public static readonly NIntFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, nint value, MessagePackSerializerOptions options) => writer.Write((long)value);

    public nint Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => checked((nint)reader.ReadInt64());
}
