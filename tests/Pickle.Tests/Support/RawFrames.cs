using System.Buffers.Binary;
using System.IO.Hashing;
using Pickling.Internal;

namespace Pickling.Tests.Support;

/// <summary>Builds frames around hand-made payloads, with a valid header CRC and checksum, to test what a loader does with them.</summary>
public static class RawFrames
{
    public static byte[] Build(byte[] payload, byte flags = 0, string format = "msgpack")
    {
        var header = new byte[FrameHeader.MaxLength];
        var headerLength = FrameHeader.Write(header, flags, format, "Test", "0.0.0", payload.Length);
        var frame = new byte[headerLength + payload.Length + FrameHeader.ChecksumLength];
        header.AsSpan(0, headerLength).CopyTo(frame);
        payload.CopyTo(frame, headerLength);
        var hash = XxHash3.HashToUInt64(frame.AsSpan(0, headerLength + payload.Length));
        BinaryPrimitives.WriteUInt64LittleEndian(frame.AsSpan(headerLength + payload.Length), hash);
        return frame;
    }

    /// <summary>The payload of a frame that <see cref="Pickle.DumpToBytes{T}"/> wrote.</summary>
    public static byte[] PayloadOf(byte[] frame)
    {
        var headerLength = FrameHeader.BytesNeeded(frame);
        var header = FrameHeader.Parse(frame.AsSpan(0, headerLength), long.MaxValue);
        return frame.AsSpan(headerLength, (int)header.PayloadLength).ToArray();
    }
}
