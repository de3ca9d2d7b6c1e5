namespace Pickling.Internal;

/// <summary>
/// Where the next frame of a read lies: its number (from 1) and the offset of its first byte, counted as frames are
/// read, so that the error of a damaged frame can say which it is (<see cref="PickleDamagedException.Locate"/>).
/// </summary>
internal sealed class FrameCursor
{
    private FrameCursor(int index, long offset)
    {
        Index = index;
        Offset = offset;
    }

    /// <summary>The next frame's number, 1 for the first.</summary>
    public int Index { get; private set; }

    /// <summary>The offset of the next frame's first byte.</summary>
    public long Offset { get; private set; }

    /// <summary>For the first frame of a file or of a byte array: frame 1 at offset 0.</summary>
    public static FrameCursor First() => new(1, 0);

    /// <summary>
    /// For a read of every frame from the stream's position: offsets are positions in the stream if it can tell
    /// them, and otherwise counted from here.
    /// </summary>
    public static FrameCursor At(Stream stream) => new(1, StreamBytes.Position(stream) ?? 0);

    /// <summary>Moves past the frame of <paramref name="header"/>, which has been read whole.</summary>
    public void Advance(FrameHeader header)
    {
        Index++;
        Offset += header.FrameLength;
    }
}
