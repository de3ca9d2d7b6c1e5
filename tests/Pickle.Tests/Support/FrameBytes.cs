using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>
/// Reads and edits a frame's bytes by the documented layout (independently of the library's header code). Version 1:
/// magic, version, flags, three u8-length strings, i64 payload length, u32 header CRC-32, payload, u64 XXH3-64.
/// Version 2: magic, version, flags, a format code (or 0, a u8 length and the name), the payload length as an unsigned
/// LEB128 varint, u32 header CRC-32, payload (starting with the root type), u64 XXH3-64.
/// </summary>
public sealed class FrameBytes
{
    public FrameBytes(byte[] frame)
    {
        Bytes = frame;
        Version = frame[4];
        var position = 6;
        if (Version == 1)
        {
            Format = ReadShortString(ref position);
            TypeName = ReadShortString(ref position);
            WriterVersion = ReadShortString(ref position);
            PayloadLengthOffset = position;
            PayloadOffset = position + 8 + 4;
        }
        else
        {
            var code = frame[position++];
            Format = code switch
            {
                1 => "msgpack",
                2 => "json",
                _ => ReadShortString(ref position),
            };
            PayloadLengthOffset = position;
            while ((frame[position++] & 0x80) != 0)
            {
            }

            PayloadOffset = position + 4;
            WriterVersion = string.Empty;
            TypeName = Format == "msgpack" ? RootTypeName() : string.Empty;
        }

        HeaderLength = PayloadOffset;
    }

    public byte[] Bytes { get; }

    public string Format { get; }

    public string TypeName { get; }

    public string WriterVersion { get; }

    public int PayloadLengthOffset { get; }

    public int HeaderLength { get; }

    public int PayloadOffset { get; }

    public byte Version { get; }

    public long PayloadLength
    {
        get
        {
            if (Version == 1)
            {
                return BinaryPrimitives.ReadInt64LittleEndian(Bytes.AsSpan(PayloadLengthOffset));
            }

            long length = 0;
            for (int position = PayloadLengthOffset, shift = 0; position < HeaderLength - 4; position++, shift += 7)
            {
                length |= (long)(Bytes[position] & 0x7F) << shift;
            }

            return length;
        }

        set
        {
            if (Version == 1)
            {
                BinaryPrimitives.WriteInt64LittleEndian(Bytes.AsSpan(PayloadLengthOffset), value);
                return;
            }

            // A version-2 length is rewritten in the bytes it had, so that nothing moves.
            var rest = (ulong)value;
            for (var position = PayloadLengthOffset; position < HeaderLength - 4; position++, rest >>= 7)
            {
                Bytes[position] = (byte)((rest & 0x7F) | (position < HeaderLength - 5 ? 0x80UL : 0));
            }

            if (rest != 0)
            {
                throw new InvalidOperationException($"{value} does not fit in the {HeaderLength - 4 - PayloadLengthOffset} bytes of the frame's payload length");
            }
        }
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

    private string RootTypeName()
    {
        var reader = new MessagePack.MessagePackReader(Bytes.AsMemory(PayloadOffset));
        return Pickling.Internal.MessagePack.RootType.TryReadName(ref reader, out var name) ? name : string.Empty;
    }

    private string ReadShortString(ref int position)
    {
        var length = Bytes[position];
        var value = Encoding.UTF8.GetString(Bytes, position + 1, length);
        position += length + 1;
        return value;
    }
}
