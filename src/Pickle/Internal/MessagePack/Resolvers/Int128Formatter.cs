using System.Buffers.Binary;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>Writes an <see cref="Int128"/> as a 16-byte bin, little-endian two's complement.</summary>
internal sealed class Int128Formatter : IMessagePackFormatter<Int128>
{
    public static readonly Int128Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, Int128 value, MessagePackSerializerOptions options)
    {
        writer.WriteBinHeader(16);
        BinaryPrimitives.WriteInt128LittleEndian(writer.GetSpan(16), value);
        writer.Advance(16);
    }

    public Int128 Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        Span<byte> bytes = stackalloc byte[16];
        SixteenBytes.Read(ref reader, bytes, "Int128");
        return BinaryPrimitives.ReadInt128LittleEndian(bytes);
    }
}
