using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.IO.Hashing;
using System.Text;

namespace Pickling.Internal;

/// <summary>
/// The header of a format-1 frame, as FORMAT.md lays it out byte by byte (magic, version, flags, format name, root
/// type name, writer version, payload length and a CRC-32 of all of them), and where the trailer after the payload
/// keeps its signature and checksum: the one owner of a frame's own bytes.
/// </summary>
internal sealed class FrameHeader
{
    public const byte CurrentVersion = 1;
    public const int MaxFormatLength = 32;
    public const int MaxTypeNameLength = 255;
    public const int MaxWriterVersionLength = 32;
    public const int ChecksumLength = 8;
    public const int SignatureLength = 32;

    /// <summary>Flag bit 0: an HMAC-SHA256 signature of the header and payload comes between the payload and the checksum.</summary>
    public const byte SignedFlag = 0x01;

    /// <summary>Every flag bit this version of Pickle understands; frames with other bits set are rejected.</summary>
    public const byte KnownFlags = SignedFlag | PayloadCompression.FlagsMask;

    /// <summary>The largest header there can be, so that a reader can hold it in one small buffer.</summary>
    public const int MaxLength = FixedPrefixLength + MaxFormatLength + 1 + MaxTypeNameLength + 1 + MaxWriterVersionLength + 8 + 4;

    private const int FixedPrefixLength = 7;

    private static readonly byte[] s_magic = [0x89, (byte)'P', (byte)'K', (byte)'L'];

    public static ReadOnlySpan<byte> Magic => s_magic;

    public FrameHeader(byte flags, string format, string typeName, string writerVersion, long payloadLength, int length)
    {
        Flags = flags;
        Format = format;
        TypeName = typeName;
        WriterVersion = writerVersion;
        PayloadLength = payloadLength;
        Length = length;
    }

    public byte Flags { get; }

    public bool IsSigned => (Flags & SignedFlag) != 0;

    /// <summary>The bytes after the payload: the signature if the frame is signed, then the checksum.</summary>
    public int TrailerLength => ChecksumLength + (IsSigned ? SignatureLength : 0);

    /// <summary>The serializer's format name, such as "msgpack".</summary>
    public string Format { get; }

    /// <summary>The name of the dumped value's type, for inspection only.</summary>
    public string TypeName { get; }

    /// <summary>The version of Pickle that wrote the frame, for inspection only.</summary>
    public string WriterVersion { get; }

    public long PayloadLength { get; }

    /// <summary>How the payload is compressed (flags bits 1-2).</summary>
    public PickleCompression Compression => PayloadCompression.FromFlags(Flags);

    /// <summary>The header's length in bytes, CRC included.</summary>
    public int Length { get; }

    /// <summary>The whole frame's length in bytes: header, payload and trailer.</summary>
    public long FrameLength => Length + PayloadLength + TrailerLength;

    /// <summary>Writes a header into <paramref name="destination"/> (at least <see cref="MaxLength"/> bytes) and returns its length.</summary>
    public static int Write(Span<byte> destination, byte flags, string format, string typeName, string writerVersion, long payloadLength)
    {
        Magic.CopyTo(destination);
        destination[4] = CurrentVersion;
        destination[5] = flags;
        var position = 6;
        position += WriteShortString(destination[position..], format, MaxFormatLength);
        position += WriteShortString(destination[position..], typeName, MaxTypeNameLength);
        position += WriteShortString(destination[position..], writerVersion, MaxWriterVersionLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[position..], payloadLength);
        position += 8;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[position..], Crc32.HashToUInt32(destination[..position]));
        return position + 4;
    }

    /// <summary>
    /// How many bytes the header needs in all, judging by the <paramref name="available"/> bytes read so far;
    /// equal to <c>available.Length</c> when the header is complete. Throws as soon as the bytes cannot be a header.
    /// </summary>
    public static int BytesNeeded(ReadOnlySpan<byte> available)
    {
        if (available.Length < FixedPrefixLength)
        {
            return FixedPrefixLength;
        }

        if (!available[..4].SequenceEqual(Magic))
        {
            throw BitsFromMagic(available[..4]) <= 2
                ? PickleErrors.Damaged($"its magic bytes read {Convert.ToHexString(available[..4])} instead of {Convert.ToHexString(Magic)}")
                : PickleErrors.NotAPickle(available[..4], Magic);
        }

        if (available[4] != CurrentVersion)
        {
            throw PickleErrors.UnknownVersion(available[4], CurrentVersion);
        }

        var formatLength = available[6];
        if (formatLength is 0 or > MaxFormatLength)
        {
            throw PickleErrors.Damaged($"its format name length ({formatLength}) is outside 1 to {MaxFormatLength}");
        }

        var needed = FixedPrefixLength + formatLength + 1;
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

        return needed + versionLength + 8 + 4;
    }

    /// <summary>Parses and checks a complete header (whose length <see cref="BytesNeeded"/> gave).</summary>
    public static FrameHeader Parse(ReadOnlySpan<byte> header, long maxPayloadSize)
    {
        var crcStart = header.Length - 4;
        if (Crc32.HashToUInt32(header[..crcStart]) != BinaryPrimitives.ReadUInt32LittleEndian(header[crcStart..]))
        {
            throw PickleErrors.Damaged("its header checksum does not match");
        }

        var flags = header[5];
        if (!AreKnown(flags))
        {
            throw PickleErrors.UnknownFlags(flags);
        }

        var position = 6;
        var format = ReadShortString(header, ref position);
        var typeName = ReadShortString(header, ref position);
        var writerVersion = ReadShortString(header, ref position);
        var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(header[position..]);
        if (payloadLength < 0)
        {
            throw PickleErrors.Damaged($"its payload length ({payloadLength}) is negative");
        }

        if (payloadLength > maxPayloadSize)
        {
            throw PickleErrors.PayloadTooLarge(payloadLength, maxPayloadSize);
        }

        return new FrameHeader(flags, format, typeName, writerVersion, payloadLength, header.Length);
    }

    /// <summary>
    /// Whether <paramref name="available"/>, fewer bytes than a whole header, are how a header of this version starts
    /// (the magic bytes or their first bytes, the version, known flags, lengths in range): what a header cut short by
    /// the end of a file looks like. False for bytes that could not start a header.
    /// </summary>
    public static bool IsStartOfHeader(ReadOnlySpan<byte> available)
    {
        var magic = available[..Math.Min(available.Length, Magic.Length)];
        if (!magic.SequenceEqual(Magic[..magic.Length])
            || (available.Length > 4 && available[4] != CurrentVersion)
            || (available.Length > 5 && !AreKnown(available[5])))
        {
            return false;
        }

        try
        {
            return BytesNeeded(available) > available.Length;
        }
        catch (PickleException)
        {
            return false;
        }
    }

    /// <summary>
    /// Whether the first bytes of something read as a frame could be a frame's: the magic bytes, damaged in at most two
    /// bits as <see cref="BytesNeeded"/> allows, or as much of them as there is. False for data that is not a pickle.
    /// </summary>
    public static bool CouldStartFrame(ReadOnlySpan<byte> start) =>
        start.Length < Magic.Length
            ? start.SequenceEqual(Magic[..start.Length])
            : BitsFromMagic(start[..Magic.Length]) <= 2;

    /// <summary>
    /// Whether <paramref name="bytes"/> start with a whole, valid header (its CRC matches); gives it. For a search for
    /// the next frame among bytes that may be anything, where most candidates are not headers.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, [NotNullWhen(true)] out FrameHeader? header)
    {
        header = null;
        if (bytes.Length < FixedPrefixLength || !bytes[..Magic.Length].SequenceEqual(Magic))
        {
            return false;
        }

        try
        {
            var have = FixedPrefixLength;
            int needed;
            while ((needed = BytesNeeded(bytes[..have])) > have)
            {
                if (needed > bytes.Length)
                {
                    return false;
                }

                have = needed;
            }

            header = Parse(bytes[..have], long.MaxValue);
            return true;
        }
        catch (PickleException)
        {
            return false;
        }
    }

    /// <summary>A stream that ended after <paramref name="read"/> of the payload's bytes.</summary>
    public PickleException PayloadTruncated(long read) => PickleErrors.PayloadTruncated(read, PayloadLength);

    /// <summary>The signature part of a trailer read after this header (empty if the frame is unsigned).</summary>
    public ReadOnlySpan<byte> SignatureIn(ReadOnlySpan<byte> trailer) => trailer[..(TrailerLength - ChecksumLength)];

    /// <summary>The checksum a trailer read after this header declares.</summary>
    public ulong ChecksumIn(ReadOnlySpan<byte> trailer) => BinaryPrimitives.ReadUInt64LittleEndian(trailer[(TrailerLength - ChecksumLength)..]);

    private static bool AreKnown(byte flags) =>
        (flags & ~KnownFlags) == 0 && (flags & PayloadCompression.FlagsMask) != PayloadCompression.FlagsMask;

    private static int BitsFromMagic(ReadOnlySpan<byte> start) =>
        System.Numerics.BitOperations.PopCount(BinaryPrimitives.ReadUInt32BigEndian(start) ^ BinaryPrimitives.ReadUInt32BigEndian(Magic));

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
