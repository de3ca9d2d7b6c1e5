using System.Buffers;
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

/// <summary>Writes a <see cref="UInt128"/> as a 16-byte bin, little-endian.</summary>
internal sealed class UInt128Formatter : IMessagePackFormatter<UInt128>
{
    public static readonly UInt128Formatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, UInt128 value, MessagePackSerializerOptions options)
    {
        writer.WriteBinHeader(16);
        BinaryPrimitives.WriteUInt128LittleEndian(writer.GetSpan(16), value);
        writer.Advance(16);
    }

    public UInt128 Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        Span<byte> bytes = stackalloc byte[16];
        SixteenBytes.Read(ref reader, bytes, "UInt128");
        return BinaryPrimitives.ReadUInt128LittleEndian(bytes);
    }
}

internal static class SixteenBytes
{
    public static void Read(ref MessagePackReader reader, scoped Span<byte> destination, string typeName)
    {
        var sequence = reader.ReadBytes();
        if (sequence is not { Length: 16 } bytes)
        {
            throw new MessagePackSerializationException($"A {typeName} must be a bin of 16 bytes.");
        }

        bytes.CopyTo(destination);
    }
}
