using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>Looks at the bytes a <see cref="MessagePackReader"/> has not read yet, without moving it.</summary>
internal static class ReaderBytes
{
    /// <summary>
    /// The unread bytes that follow contiguously from the reader's position: all of them when the payload is one
    /// segment (the usual case, found in constant time), otherwise those left in the current segment.
    /// </summary>
    public static ReadOnlySpan<byte> Unread(ref MessagePackReader reader)
    {
        var sequence = reader.Sequence;
        return sequence.IsSingleSegment
            ? sequence.FirstSpan[(int)reader.Consumed..]
            : sequence.Slice(reader.Position).FirstSpan;
    }
}
