using System.Buffers.Binary;
using System.Text;

namespace Pickling.Internal;

/// <summary>
/// The version-1 header, which every Pickle reads forever: after magic, version and flags, the format name, the root
/// type name and the writer version as length-prefixed UTF-8, then the payload length as 8 bytes. Pickle no longer
/// writes it (but for tests that prove it is still read).
/// </summary>
internal static class FrameHeaderVersion1
{
    public const byte Version = 1;
    public const int MaxTypeNameLength = 255;
    public const int MaxWriterVersionLength = 32;

    /// <summary>The largest version-1 header.</summary>
    public const int MaxLength = 6 + 1 + FrameHeader.MaxFormatLength + 1 + MaxTypeNameLength + 1 + MaxWriterVersionLength + 8 + FrameHeader.CrcLength;

    /// <summary>Writes a version-1 header and returns its length: how frames were written before version 2.</summary>
    public static int Write(Span<byte> destination, byte flags, string format, string typeName, string writerVersion, long payloadLength)
    {
        FrameHeader.WritePrefix(destination, Version, flags);
        var position = 6;
        position += WriteShortString(destination[position..], format, FrameHeader.MaxFormatLength);
        position += WriteShortString(destination[position..], typeName, MaxTypeNameLength);
        position += WriteShortString(destination[position..], writerVersion, MaxWriterVersionLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[position..], payloadLength);
        return FrameHeader.WriteCrc(destination, position + 8);
    }

    /// <summary>How many bytes a version-1 header needs, judging by the <paramref name="available"/> bytes (at least the fixed prefix).</summary>
    public static int BytesNeeded(ReadOnlySpan<byte> available)
    {
        var formatLength = available[6];
        if (formatLength is 0 or > FrameHeader.MaxFormatLength)
        {
            throw PickleErrors.Damaged($"its format name length ({formatLength}) is outside 1 to {FrameHeader.MaxFormatLength}");
        }

        var needed = FrameHeader.FixedPrefixLength + formatLength + 1;
        if (available.Length < needed)
        {
            return needed;
        }

        needed += available[needed - 1] + 1;
        if (available.Length < needed)
        {
            return needed;
        }

        var versionLength = available[needed - 1];
        if (versionLength > MaxWriterVersionLength)
        {
            throw PickleErrors.Damaged($"its writer version length ({versionLength}) is over {MaxWriterVersionLength}");
        }

        return needed + versionLength + 8 + FrameHeader.CrcLength;
    }

    /// <summary>Reads the fields of a complete version-1 header whose CRC and flags have been checked.</summary>
    public static FrameHeader Parse(ReadOnlySpan<byte> header, byte flags)
    {
        var position = 6;
        var format = ReadShortString(header, ref position);
        var typeName = ReadShortString(header, ref position);
        var writerVersion = ReadShortString(header, ref position);
        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header[position..]);
        return new FrameHeader(Version, flags, format, typeName, writerVersion, payloadLength, header.Length);
    }

    private static int WriteShortString(Span<byte> destination, string value, int maxLength)
    {
        var length = Encoding.UTF8.GetByteCount(value) <= maxLength
            ? Encoding.UTF8.GetBytes(value, destination[1..])
            : TruncatedUtf8(value, destination[1..], maxLength);
        destination[0] = (byte)length;
        return length + 1;
    }

    private static int TruncatedUtf8(string value, Span<byte> destination, int maxLength)
    {
        var encoder = Encoding.UTF8.GetEncoder();
        encoder.Convert(value, destination[..maxLength], flush: true, out _, out var bytesUsed, out _);
        return bytesUsed;
    }

    private static string ReadShortString(ReadOnlySpan<byte> header, ref int position)
    {
        var length = header[position];
        var value = Encoding.UTF8.GetString(header.Slice(position + 1, length));
        position += length + 1;
        return value;
    }
}
