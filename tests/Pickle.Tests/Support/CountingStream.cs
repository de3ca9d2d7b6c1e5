namespace Pickling.Tests.Support;

/// <summary>
/// A read-only <see cref="MemoryStream"/> that counts the bytes read from it, to show what a reader skips. Every read
/// comes through <see cref="Read(byte[], int, int)"/>, which <see cref="MemoryStream"/> calls for a subclass's span reads too.
/// </summary>
public sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
{
    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = base.Read(buffer, offset, count);
        BytesRead += read;
        return read;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
}
