namespace Pickling.Tests.Support;

/// <summary>
/// A non-seekable stream that serves the given bytes (typically a frame header declaring a huge payload), then
/// <c>fillerLength</c> zero bytes, then ends: the loader cannot check the declared length against the stream.
/// </summary>
public sealed class EndlessClaimStream(byte[] start, long fillerLength) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var end = start.Length + fillerLength;
        var count = (int)Math.Min(buffer.Length, end - _position);
        for (var i = 0; i < count; i++, _position++)
        {
            buffer[i] = _position < start.Length ? start[_position] : (byte)0;
        }

        return count;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
