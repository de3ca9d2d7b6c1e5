using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>
/// Wraps raw payload bytes in a frame whose header CRC-32 and XXH3-64 trailer are correct, so that tests reach
/// the serializer with any payload they like. <see cref="Frame"/> writes FORMAT.md's version 1, whose payload is the
/// value alone, so that a hand-made value means what it says; the other helpers read frames of either version.
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

    /// <summary>
    /// A frame with the compact header of versions 2 and 3 around <paramref name="payload"/> (which, for msgpack, starts
    /// with its root type), laid out by hand; version 3, whose payloads number their objects in order, unless told.
    /// </summary>
    public static byte[] CompactFrame(ReadOnlySpan<byte> payload, string format = "msgpack", byte version = 3)
    {
        var bytes = new List<byte> { 0x89, (byte)'P', (byte)'K', (byte)'L', version, 0 };
        switch (format)
        {
            case "msgpack":
                bytes.Add(1);
                break;
            case "json":
                bytes.Add(2);
                break;
            default:
                bytes.Add(0);
                AddShort(bytes, format);
                break;
        }

        for (var rest = (ulong)payload.Length; ; rest >>= 7)
        {
            bytes.Add((byte)(rest < 0x80 ? rest : (rest & 0x7F) | 0x80));
            if (rest < 0x80)
            {
                break;
            }
        }

        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(crc, Crc32.HashToUInt32(bytes.ToArray()));
        bytes.AddRange(crc.ToArray());
        bytes.AddRange(payload.ToArray());
        Span<byte> hash = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(hash, XxHash3.HashToUInt64(bytes.ToArray()));
        bytes.AddRange(hash.ToArray());
        return [.. bytes];
    }

    /// <summary>The format a frame Pickle wrote names, of any version.</summary>
    public static string FormatOf(ReadOnlySpan<byte> frame) => frame[4] >= 2
        ? frame[6] switch
        {
            1 => "msgpack",
            2 => "json",
            _ => Encoding.ASCII.GetString(frame.Slice(8, frame[7])),
        }
        : Encoding.ASCII.GetString(frame.Slice(7, frame[6]));

    /// <summary>The value of a frame Pickle wrote: its payload, past the root type a msgpack payload starts with from version 2 on.</summary>
    public static byte[] ValueOf(byte[] frame)
    {
        var payload = Payload(frame);
        if (frame[4] < 2 || FormatOf(frame) != "msgpack")
        {
            return payload;
        }

        var reader = new MessagePack.MessagePackReader(payload);
        reader.Skip();
        return payload[(int)reader.Consumed..];
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

    /// <summary>Where the payload starts in a frame Pickle wrote, of any version.</summary>
    public static int PayloadOffset(ReadOnlySpan<byte> frame) => HeaderCrcOffset(frame) + 4;

    /// <summary>The whole payload of a frame Pickle wrote (from version 2 on, starting with the root type).</summary>
    public static byte[] Payload(byte[] frame) => frame.AsSpan(PayloadOffset(frame), frame.Length - PayloadOffset(frame) - 8).ToArray();

    /// <summary>Recomputes the header CRC and the trailer of a frame whose bytes were changed, so that it passes the checksums.</summary>
    public static byte[] Reseal(byte[] frame)
    {
        if (frame.Length < 7 + 8)
        {
            return frame;
        }

        var crcAt = HeaderCrcOffset(frame);
        if (crcAt < 0 || crcAt + 4 + 8 > frame.Length)
        {
            return frame;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(crcAt), Crc32.HashToUInt32(frame.AsSpan(0, crcAt)));
        var hash = XxHash3.HashToUInt64(frame.AsSpan(0, frame.Length - 8));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(frame.Length - 8), hash);
        return frame;
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    /// <summary>Where the header CRC is, by the layout of the frame's version byte; -1 if the bytes end first.</summary>
    private static int HeaderCrcOffset(ReadOnlySpan<byte> frame)
    {
        var position = 6;
        if (frame[4] < 2)
        {
            for (var i = 0; i < 3 && position < frame.Length; i++)
            {
                position += frame[position] + 1;
            }

            return position + 8;
        }

        if (frame[position++] == 0)
        {
            position += position < frame.Length ? frame[position] + 1 : 1;
        }

        for (var i = 0; i < 9 && position < frame.Length; i++)
        {
            if (frame[position++] < 0x80)
            {
                return position;
            }
        }

        return -1;
    }

    private static void AddShort(List<byte> bytes, string value)
    {
        var encoded = Encoding.UTF8.GetBytes(value);
        bytes.Add((byte)encoded.Length);
        bytes.AddRange(encoded);
    }
}
