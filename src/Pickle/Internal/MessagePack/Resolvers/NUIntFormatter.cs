using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>Writes an <see cref="nuint"/> as a MessagePack integer of 64 bits at most.</summary>
internal sealed class NUIntFormatter : IMessagePackFormatter<nuint>
{
    public static readonly NUIntFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, nuint value, MessagePackSerializerOptions options) => writer.Write((ulong)value);

    public nuint Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => checked((nuint)reader.ReadUInt64());
}
