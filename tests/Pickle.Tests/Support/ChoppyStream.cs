namespace Pickling.Tests.Support;

/// <summary>
/// A read-only <see cref="MemoryStream"/> over a buffer whose reads return at most the next of a cycle of sizes: it
/// cuts a payload at many places, as a file read in pieces can. Pickle loads it the way it loads a file (its length
/// is known; as a subclass, its buffer is not used in place). Every read comes through
/// <see cref="Read(byte[], int, int)"/>, which <see cref="MemoryStream"/> calls for a subclass's span reads too.
/// </summary>
public sealed class ChoppyStream(byte[] bytes, params int[] readSizes) : MemoryStream(bytes, writable: false)
{
    private int _reads;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var size = readSizes.Length == 0 ? int.MaxValue : readSizes[_reads++ % readSizes.Length];
        return base.Read(buffer, offset, Math.Min(count, size));
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));
}
