namespace Pickling.Tests.Support;

/// <summary>A writable memory stream that fails with an <see cref="IOException"/> once more than a given number of bytes are written, as a full disk does.</summary>
public sealed class FailingWriteStream(long capacity) : MemoryStream
{
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Check(buffer.Length);
        base.Write(buffer);
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Check(count);
        base.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Check(buffer.Length);
        return base.WriteAsync(buffer, cancellationToken);
    }

    private void Check(int count)
    {
        if (Length + count > capacity)
        {
            throw new IOException("No space left on device.");
        }
    }
}
