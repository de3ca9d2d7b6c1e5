using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>
/// Wraps raw payload bytes in a frame whose header CRC-32 and XXH3-64 trailer are correct, so that tests reach
/// the serializer with any payload they like (the layout is FORMAT.md's frame format 1).
/// </summary>
public static class FrameBuilder
{
    public static byte[] Frame(ReadOnlySpan<byte> payload, string format = "msgpack", string typeName = "System.Object", long? declaredLength = null, byte flags = 0)
    {
        var header = Header(format, typeName, declaredLength ?? payload.Length, flags: flags);
        var frame = new byte[header.Length + payload.Length + 8];
        header.CopyTo(frame, 0);
        payload.CopyTo(frame.AsSpan(header.Length));
        var hash = XxHash3.HashToUInt64(frame.AsSpan(0, header.Length + payload.Length));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(header.Length + payload.Length), hash);
        return frame;
    }

    /// <summary>A header (CRC included) declaring <paramref name="payloadLength"/> bytes.</summary>
    public static byte[] Header(string format, string typeName, long payloadLength, byte version = 1, byte flags = 0)
    {
        var bytes = new List<byte> { 0x89, (byte)'P', (byte)'K', (byte)'L', version, flags };
        AddShort(bytes, format);
        AddShort(bytes, typeName);
        AddShort(bytes, "1.0.0");
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(number, payloadLength);
        bytes.AddRange(number.ToArray());
        BinaryPrimitives.WriteUInt32LittleEndian(number, Crc32.HashToUInt32(bytes.ToArray()));
        bytes.AddRange(number[..4].ToArray());
        return [.. bytes];
    }

    /// <summary>Where the payload starts in a frame Pickle wrote.</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> frame)
    {
        var position = 6;
        for (var i = 0; i < 3; i++)
        {
            position += frame[position] + 1;
        }

        return position + 8 + 4;
    }

    /// <summary>The payload of a frame Pickle wrote.</summary>
    public static byte[] Payload(byte[] frame) => frame.AsSpan(PayloadOffset(frame), frame.Length - PayloadOffset(frame) - 8).ToArray();

    /// <summary>Recomputes the header CRC and the trailer of a frame whose bytes were changed, so that it passes the checksums.</summary>
    public static byte[] Reseal(byte[] frame)
    {
        if (frame.Length < 7 + 8)
        {
            return frame;
        }

        var position = 6;
        for (var i = 0; i < 3 && position < frame.Length; i++)
        {
            position += frame[position] + 1;
        }

        var crcAt = position + 8;
        if (crcAt + 4 + 8 > frame.Length)
        {
            return frame;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(crcAt), Crc32.HashToUInt32(frame.AsSpan(0, crcAt)));
        var hash = XxHash3.HashToUInt64(frame.AsSpan(0, frame.Length - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(frame.Length - 8), hash);
        return frame;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static void AddShort(List<byte> bytes, string value)
    {
        var encoded = Encoding.UTF8.GetBytes(value);
        bytes.Add((byte)encoded.Length);
        bytes.AddRange(encoded);
    }
}
