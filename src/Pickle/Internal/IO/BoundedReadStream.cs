namespace Pickling.Internal;

/// <summary>
/// A read-only, forward-only view of the next <see cref="Length"/> bytes of another stream (a frame's stored payload,
/// say): reads stop there, and a stream that ends before is a <see cref="EndOfStreamException"/>. Disposing it leaves
/// the other stream open, where the reads left it.
/// </summary>
internal sealed class BoundedReadStream(Stream inner, long length) : Stream
{
    private long _left = length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length { get; } = length;

    public override long Position
    {
        get => Length - _left;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        if (_left == 0 || buffer.IsEmpty)
        {
            return 0;
        }

        var got = inner.Read(buffer[..(int)Math.Min(buffer.Length, _left)]);
        if (got == 0)
        {
            throw new EndOfStreamException($"the stream ended {_left:N0} bytes before the end of the payload");
        }

        _left -= got;
        return got;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
