using System.Buffers;

namespace Pickling.Tests.Support;

/// <summary>Builds a <see cref="ReadOnlySequence{T}"/> of bytes split into many segments, as a payload read from a stream can be.</summary>
public static class Segments
{
    /// <summary>The bytes in segments of at most <paramref name="segmentLength"/> bytes, with an empty segment between each two.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, int segmentLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(segmentLength, 1);
        var first = new Segment(ReadOnlyMemory<byte>.Empty, 0);
        var last = first;
        for (var offset = 0; offset < bytes.Length; offset += segmentLength)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(segmentLength, bytes.Length - offset)));
            last = last.Append(ReadOnlyMemory<byte>.Empty);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
