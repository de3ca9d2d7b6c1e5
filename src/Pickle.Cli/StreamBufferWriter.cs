using System.Buffers;

namespace Pickling.Cli;

/// <summary>
/// Hands the bytes a <see cref="System.Text.Json.Utf8JsonWriter"/> writes to a stream as it goes, block by block, so
/// that the JSON of a large frame's content is never held whole (a writer over a stream holds it all until it is
/// flushed): the writer advances each block before it asks for the next, and each block is written out then.
/// </summary>
internal sealed class StreamBufferWriter(Stream destination) : IBufferWriter<byte>, IDisposable
{
    private const int BlockLength = 64 * 1024;

    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(BlockLength);

    public void Advance(int count) => destination.Write(_bytes, 0, count);

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _bytes;
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return _bytes;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        _bytes = [];
    }

    private void Reserve(int sizeHint)
    {
        if (sizeHint > _bytes.Length)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
    }
}
