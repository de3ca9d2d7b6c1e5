using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>
/// Reads and edits a frame's bytes by the documented layout (independently of the library's own code): magic,
/// version, flags, three u8-length strings, i64 payload length, u32 header CRC-32, payload, u64 XXH3-64.
/// </summary>
public sealed class FrameBytes
{
    public FrameBytes(byte[] frame)
    {
        Bytes = frame;
        var position = 6;
        Format = ReadShortString(ref position);
        TypeName = ReadShortString(ref position);
        WriterVersion = ReadShortString(ref position);
        PayloadLengthOffset = position;
        PayloadOffset = position + 8 + 4;
        HeaderLength = PayloadOffset;
    }

    public byte[] Bytes { get; }

    public string Format { get; }

    public string TypeName { get; }

    public string WriterVersion { get; }

    public int PayloadLengthOffset { get; }

    public int HeaderLength { get; }

    public int PayloadOffset { get; }

    public long PayloadLength
    {
        get => BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan(PayloadLengthOffset));
        set => BinaryPrimitives.WriteInt64LittleEndian(Bytes.AsSpan(PayloadLengthOffset), value);
    }

    public static FrameBytes Of<T>(T value, PickleOptions? options = null) => new(Pickle.DumpToBytes(value, options));

    /// <summary>Recomputes the header's CRC-32 after an edit, so that only the edited field is wrong.</summary>
    public FrameBytes FixHeaderCrc()
    {
        var crcOffset = HeaderLength - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(Bytes.AsSpan(crcOffset), Crc32.HashToUInt32(Bytes.AsSpan(0, crcOffset)));
        return this;
    }

    /// <summary>Recomputes the trailing XXH3-64 over header and payload.</summary>
    public FrameBytes FixTrailer()
    {
        var trailerOffset = Bytes.Length - 8;
        BinaryPrimitives.WriteUInt64LittleEndian(Bytes.AsSpan(trailerOffset), XxHash3.HashToUInt64(Bytes.AsSpan(0, trailerOffset)));
        return this;
    }

    private string ReadShortString(ref int position)
    {
        var length = Bytes[position];
        var value = Encoding.UTF8.GetString(Bytes, position + 1, length);
        position += length + 1;
        return value;
    }
}
