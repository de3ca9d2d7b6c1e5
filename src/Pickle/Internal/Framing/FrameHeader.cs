using System.Buffers.Binary;
using System.IO.Hashing;

namespace Pickling.Internal;

/// <summary>
/// The header of a frame, as FORMAT.md lays it out byte by byte, and where the trailer after the payload keeps its
/// signature and checksum: the one owner of a frame's own bytes. Frames are written in version 4, which has the compact header of version 2 (as version 3 does)
/// (<see cref="FrameHeaderVersion2"/>); version 1 (<see cref="FrameHeaderVersion1"/>) is read forever. Both start with
/// the magic bytes, the version and the flags, and end with a CRC-32 of every header byte before it. A parsed header is
/// a value, not an object: a load allocates nothing for it, and it holds only what <see cref="Parse"/> has checked.
/// </summary>
internal readonly struct FrameHeader
{
    /// <summary>The version every frame is written in.</summary>
    public const byte CurrentVersion = 5;

    public const int MaxFormatLength = 32;
    public const int ChecksumLength = 8;
    public const int SignatureLength = 32;

    /// <summary>Flag bit 0: an HMAC-SHA256 signature of the header and payload comes between the payload and the checksum.</summary>
    public const byte SignedFlag = 0x01;

    /// <summary>Every flag bit this version of Pickle understands; frames with other bits set are rejected.</summary>
    public const byte KnownFlags = SignedFlag | PayloadCompression.FlagsMask;

    /// <summary>The largest header there can be, of either version, so that a reader can hold it in one small buffer.</summary>
    public const int MaxLength = FrameHeaderVersion1.MaxLength;

    /// <summary>The bytes every header starts with: magic, version, flags, and the first byte of what follows.</summary>
    public const int FixedPrefixLength = 7;

    /// <summary>The length of the header CRC that ends every header.</summary>
    public const int CrcLength = 4;

    private static readonly byte[] s_magic = [0x89, (byte)'P', (byte)'K', (byte)'L'];

    public static ReadOnlySpan<byte> Magic => s_magic;

    public FrameHeader(byte version, byte flags, string format, string typeName, string writerVersion, long payloadLength, int length)
    {
        Version = version;
        Flags = flags;
        Format = format;
        TypeName = typeName;
        WriterVersion = writerVersion;
        PayloadLength = payloadLength;
        Length = length;
    }

    /// <summary>The frame's format version: 1 or 2.</summary>
    public byte Version { get; }

    public byte Flags { get; }

    public bool IsSigned => (Flags & SignedFlag) != 0;

    /// <summary>The bytes after the payload: the signature if the frame is signed, then the checksum.</summary>
    public int TrailerLength => ChecksumLength + (IsSigned ? SignatureLength : 0);

    /// <summary>The serializer's format name, such as "msgpack".</summary>
    public string Format { get; }

    /// <summary>
    /// The name of the dumped value's type, for inspection only, as a version-1 header gives it; empty from version 2 on,
    /// whose payload starts with the root type.
    /// </summary>
    public string TypeName { get; }

    /// <summary>The version of Pickle that wrote a version-1 frame, for inspection only; empty from version 2 on.</summary>
    public string WriterVersion { get; }

    public long PayloadLength { get; }

    /// <summary>How the payload is compressed (flags bits 1-2).</summary>
    public PickleCompression Compression => PayloadCompression.FromFlags(Flags);

    /// <summary>The header's length in bytes, CRC included.</summary>
    public int Length { get; }

    /// <summary>The whole frame's length in bytes: header, payload and trailer.</summary>
    public long FrameLength => Length + PayloadLength + TrailerLength;

    /// <summary>
    /// Writes a header laid out as version 2's into <paramref name="destination"/> (at least <see cref="MaxLength"/>
    /// bytes) and returns its length: of the current version, or of version 2 for a payload laid out as version 2's.
    /// </summary>
    public static int Write(Span<byte> destination, byte flags, string format, long payloadLength, byte version = CurrentVersion)
    {
        if (version is not (>= FrameHeaderVersion2.Version and <= CurrentVersion))
        {
            throw new ArgumentOutOfRangeException(nameof(version), version, "Headers are written in version 2's layout, of version 2 or a later one.");
        }

        WritePrefix(destination, version, flags);
        var length = FrameHeaderVersion2.WriteFields(destination, format, payloadLength);
        return WriteCrc(destination, length);
    }

    /// <summary>The length of the header <see cref="Write"/> writes for <paramref name="format"/> and <paramref name="payloadLength"/>, of any version it writes.</summary>
    public static int LengthOf(string format, long payloadLength) => FrameHeaderVersion2.LengthOf(format, payloadLength);

    /// <summary>Writes the magic bytes, <paramref name="version"/> and <paramref name="flags"/>: the first 6 bytes of every header.</summary>
    public static void WritePrefix(Span<byte> destination, byte version, byte flags)
    {
        Magic.CopyTo(destination);
        destination[4] = version;
        destination[5] = flags;
    }

    /// <summary>Ends a header of <paramref name="length"/> bytes so far with the CRC-32 of them; returns the whole length.</summary>
    public static int WriteCrc(Span<byte> destination, int length)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination[length..], Crc32.HashToUInt32(destination[..length]));
        return length + CrcLength;
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
            throw NotMagic(available[..4]);
        }

        return available[4] switch
        {
            FrameHeaderVersion1.Version => FrameHeaderVersion1.BytesNeeded(available),
            >= FrameHeaderVersion2.Version and <= CurrentVersion => FrameHeaderVersion2.BytesNeeded(available),
            var version => throw PickleErrors.UnknownVersion(version, CurrentVersion),
        };
    }

    /// <summary>Parses and checks a complete header (whose length <see cref="BytesNeeded"/> gave).</summary>
    public static FrameHeader Parse(ReadOnlySpan<byte> header, long maxPayloadSize)
    {
        var crcStart = header.Length - CrcLength;
        if (Crc32.HashToUInt32(header[..crcStart]) != BinaryPrimitives.ReadUInt32LittleEndian(header[crcStart..]))
        {
            throw PickleErrors.Damaged("its header checksum does not match");
        }

        var flags = header[5];
        if (!AreKnown(flags))
        {
            throw PickleErrors.UnknownFlags(flags);
        }

        var parsed = header[4] == FrameHeaderVersion1.Version
            ? FrameHeaderVersion1.Parse(header, flags)
            : FrameHeaderVersion2.Parse(header, flags);
        if (parsed.PayloadLength < 0)
        {
            throw NegativeLength(parsed.PayloadLength);
        }

        if (parsed.PayloadLength > maxPayloadSize)
        {
            throw PickleErrors.PayloadTooLarge(parsed.PayloadLength, maxPayloadSize);
        }

        return parsed;
    }

    /// <summary>The error for a header whose first four bytes are not the magic bytes: damaged if at most two bits differ, else not a pickle.</summary>
    private static PickleException NotMagic(ReadOnlySpan<byte> start) =>
        BitsFromMagic(start) <= 2
            ? PickleErrors.Damaged($"its magic bytes read {Convert.ToHexString(start)} instead of {Convert.ToHexString(Magic)}")
            : PickleErrors.NotAPickle(start, Magic);

    private static PickleDamagedException NegativeLength(long payloadLength) =>
        PickleErrors.Damaged($"its payload length ({payloadLength}) is negative");

    /// <summary>
    /// Whether <paramref name="available"/>, fewer bytes than a whole header, are how a header starts (the magic bytes
    /// or their first bytes, a version this Pickle reads, known flags, lengths in range): what a header cut short by
    /// the end of a file looks like. False for bytes that could not start a header.
    /// </summary>
    public static bool IsStartOfHeader(ReadOnlySpan<byte> available)
    {
        var magic = available[..Math.Min(available.Length, Magic.Length)];
        if (!magic.SequenceEqual(Magic[..magic.Length])
            || (available.Length > 4 && available[4] is not (>= FrameHeaderVersion1.Version and <= CurrentVersion))
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
    public static bool TryParse(ReadOnlySpan<byte> bytes, out FrameHeader header)
    {
        header = default;
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
}
