using System.Buffers.Binary;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="decimal"/> as extension 75 holding its four words as .NET lays them out (flags, high, low,
/// middle, each little-endian), which keeps its scale. Unlike MessagePack's native decimal formatter, a load checks
/// the flags word (<see cref="ScalarChecks.ToDecimal"/>) instead of copying it in. Payloads of format versions 1 to 3
/// hold the same 16 bytes as a bin, which loads as well.
/// </summary>
internal sealed class DecimalBitsFormatter : IMessagePackFormatter<decimal>
{
    public static readonly DecimalBitsFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, decimal value, MessagePackSerializerOptions options)
    {
        Span<int> words = stackalloc int[4];
        decimal.GetBits(value, words);
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, words[3]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[4..], words[2]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[8..], words[0]);
        BinaryPrimitives.WriteInt32LittleEndian(bytes[12..], words[1]);
        ScalarExtensions.WriteBytes(ref writer, PickleExtensions.Decimal, bytes);
    }

    public decimal Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static decimal Read(ref MessagePackReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        SixteenBytes.ReadExtensionOrBin(ref reader, PickleExtensions.Decimal, typeof(decimal), bytes);
        return FromBytes(bytes);
    }

    /// <summary>
    /// Reads a decimal straight from <paramref name="bytes"/> at <paramref name="position"/> if it is extension 75 there,
    /// as <see cref="Read"/> reads it; false, with nothing moved, for anything else.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, ref int position, out decimal value)
    {
        if (ScalarExtensions.TryFindSixteen(bytes, ref position, PickleExtensions.Decimal, out var body))
        {
            value = FromBytes(body);
            return true;
        }

        value = default;
        return false;
    }

    private static decimal FromBytes(ReadOnlySpan<byte> bytes) =>
        ScalarChecks.ToDecimal(
            BinaryPrimitives.ReadUInt32LittleEndian(bytes),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]));
}
