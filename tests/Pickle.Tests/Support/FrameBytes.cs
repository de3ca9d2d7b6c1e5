using System.Buffers.Binary;
using System.IO.Hashing;

namespace Pickling.Tests.Support;

/// <summary>Edits real frames the way an attacker who knows FORMAT.md would: change bytes, then fix the checksum.</summary>
public static class FrameBytes
{
    /// <summary>The offset of the payload in a frame (the header's length).</summary>
    public static int PayloadOffset(byte[] frame)
    {
        var position = 6;
        for (var field = 0; field < 3; field++)
        {
            position += frame[position] + 1;
        }

        return position + 8 + 4;
    }

    /// <summary>Sets one payload byte and recomputes the trailing XXH3 checksum, leaving any signature as it was.</summary>
    public static byte[] WithPayloadByte(byte[] frame, int index, byte value)
    {
        var copy = frame.ToArray();
        copy[PayloadOffset(copy) + index] = value;
        var checksumAt = copy.Length - 8;
        BinaryPrimitives.WriteUInt64LittleEndian(copy.AsSpan(checksumAt), XxHash3.HashToUInt64(copy.AsSpan(0, checksumAt)));
        return copy;
    }
}
