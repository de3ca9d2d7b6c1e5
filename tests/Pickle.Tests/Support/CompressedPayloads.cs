using System.Buffers.Binary;

namespace Pickling.Tests.Support;

/// <summary>The pieces of a compressed payload (FORMAT.md, "Compression"), laid out by hand to test what a loader does with them.</summary>
public static class CompressedPayloads
{
    /// <summary>A compressed payload: its declared uncompressed length, then <paramref name="body"/>.</summary>
    public static byte[] WithLength(ulong declared, byte[] body)
    {
        var payload = new byte[8 + body.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, declared);
        body.CopyTo(payload, 8);
        return payload;
    }

    /// <summary>The header of an LZ4 block: its uncompressed and stored lengths.</summary>
    public static byte[] Lz4Block(int length, int storedLength)
    {
        var header = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(header, length);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(4), storedLength);
        return header;
    }
}
