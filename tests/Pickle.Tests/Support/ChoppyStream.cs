namespace Pickling.Tests.Support;

/// <summary>
/// A seekable read-only stream over a buffer, not a <see cref="MemoryStream"/>, whose reads return at most the next
/// of a cycle of sizes: it cuts a payload at many places, as a file read in pieces can, and it is loaded the way a
/// file is (its length is known, its buffer is not visible).
/// </summary>
public sealed class ChoppyStream(byte[] bytes, params int[] readSizes) : Stream
{
    private readonly MemoryStream _inner = new(bytes, writable: false);
    private int _reads;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = readSizes.Length == 0 ? int.MaxValue : readSizes[_reads++ % readSizes.Length];
        return _inner.Read(buffer[..Math.Min(buffer.Length, size)]);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
