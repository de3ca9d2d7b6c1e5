using System.Buffers.Binary;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="decimal"/> as a 16-byte bin of its four words as .NET lays them out (flags, high, low,
/// middle, each little-endian), which keeps its scale: the bytes of MessagePack's native decimal formatter. Unlike
/// that formatter, a load checks the flags word (<see cref="ScalarChecks.ToDecimal"/>) instead of copying it in.
/// </summary>
internal sealed class DecimalBitsFormatter : IMessagePackFormatter<decimal>
{
    public static readonly DecimalBitsFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, decimal value, MessagePackSerializerOptions options)
    {
        Span<int> words = stackalloc int[4];
        decimal.GetBits(value, words);
        writer.WriteBinHeader(16);
        var bytes = writer.GetSpan(16);
        BinaryPrimitives.WriteInt32LittleEndian(bytes, words[3]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], words[2]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[8..], words[0]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], words[1]);
        writer.Advance(16);
    }

    public decimal Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        Span<byte> bytes = stackalloc byte[16];
        SixteenBytes.Read(ref reader, bytes, "decimal");
        return ScalarChecks.ToDecimal(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]));
    }
}
