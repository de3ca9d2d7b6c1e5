using System.Buffers.Binary;
using System.IO.Hashing;
using MessagePack;
using Pickling.Internal;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Support;

/// <summary>Builds frames around hand-made payloads, with a valid header CRC and checksum, to test what a loader does with them.</summary>
public static class RawFrames
{
    /// <summary>
    /// A version-1 frame: <paramref name="payload"/> is the MessagePack value itself, with no root type before it, so a
    /// hand-made value means what it says to every <c>Load&lt;T&gt;</c>.
    /// </summary>
    public static byte[] Build(byte[] payload, byte flags = 0, string format = "msgpack")
    {
        var header = new byte[FrameHeader.MaxLength];
        return Seal(header.AsSpan(0, FrameHeaderVersion1.Write(header, flags, format, "Test", "0.0.0", payload.Length)), payload);
    }

    /// <summary>
    /// A version-2 frame around <paramref name="payload"/>, which starts with its root type; its objects have their ids
    /// in their headers, as version 2 wrote them.
    /// </summary>
    public static byte[] BuildVersion2(byte[] payload, byte flags = 0, string format = "msgpack")
    {
        var header = new byte[FrameHeader.MaxLength];
        FrameHeader.WritePrefix(header, FrameHeaderVersion2.Version, flags);
        var length = FrameHeader.WriteCrc(header, FrameHeaderVersion2.WriteFields(header, format, payload.Length));
        return Seal(header.AsSpan(0, length), payload);
    }

    /// <summary>A frame of the current version around <paramref name="payload"/>, which starts with its root type and numbers its objects in order.</summary>
    public static byte[] BuildCurrent(byte[] payload, byte flags = 0, string format = "msgpack")
    {
        var header = new byte[FrameHeader.MaxLength];
        return Seal(header.AsSpan(0, FrameHeader.Write(header, flags, format, payload.Length)), payload);
    }

    /// <summary>A version-2 payload: the root type of <paramref name="rootType"/>, then <paramref name="value"/>.</summary>
    public static byte[] RootTyped(Type rootType, byte[] value) => [.. RootType.BytesOf(rootType), .. value];

    /// <summary>A version-2 frame whose root type is the name <paramref name="typeName"/>, as a program that had that type wrote it.</summary>
    public static byte[] NamedRoot(string typeName, byte[] value) =>
        BuildVersion2([.. PayloadTools.Write((ref MessagePackWriter writer) => writer.Write(typeName)), .. value]);

    /// <summary>
    /// The value <paramref name="frame"/> holds, in a version-2 frame under the root type <paramref name="rootType"/>: as an
    /// older version of that type, shaped as the type that was dumped, was saved.
    /// </summary>
    public static byte[] SavedAs(Type rootType, byte[] frame) => BuildVersion2(RootTyped(rootType, PayloadOf(frame)));

    /// <summary>
    /// The value of a frame that <see cref="Pickle.DumpToBytes{T}"/> wrote: its payload, past the root type a version-2
    /// payload starts with, so that <see cref="Build"/> makes a frame that loads the same.
    /// </summary>
    public static byte[] PayloadOf(byte[] frame)
    {
        var payload = WholePayloadOf(frame);
        if (frame[4] == FrameHeaderVersion1.Version || FrameHeader.Parse(frame.AsSpan(0, FrameHeader.BytesNeeded(frame)), long.MaxValue).Format != "msgpack")
        {
            return payload;
        }

        var reader = new MessagePackReader(payload);
        return RootType.TryReadName(ref reader, out _)
            ? payload[(int)reader.Consumed..]
            : throw new InvalidOperationException("a version-2 payload starts with its root type");
    }

    /// <summary>The whole payload of a frame, root type included.</summary>
    public static byte[] WholePayloadOf(byte[] frame)
    {
        var headerLength = FrameHeader.BytesNeeded(frame);
        var header = FrameHeader.Parse(frame.AsSpan(0, headerLength), long.MaxValue);
        return frame.AsSpan(headerLength, (int)header.PayloadLength).ToArray();
    }

    private static byte[] Seal(ReadOnlySpan<byte> header, byte[] payload)
    {
        var frame = new byte[header.Length + payload.Length + FrameHeader.ChecksumLength];
        header.CopyTo(frame);
        payload.CopyTo(frame, header.Length);
        var hash = XxHash3.HashToUInt64(frame.AsSpan(0, header.Length + payload.Length));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(header.Length + payload.Length), hash);
        return frame;
    }
}
