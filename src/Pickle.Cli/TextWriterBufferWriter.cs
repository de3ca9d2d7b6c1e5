using System.Buffers;
using System.Text;

namespace Pickling.Cli;

/// <summary>
/// Hands the UTF-8 a <see cref="System.Text.Json.Utf8JsonWriter"/> writes to a <see cref="TextWriter"/> as it goes,
/// so that the text of a large frame's content is never held whole: the writer advances each block before it asks for
/// the next, and each block is decoded and written out then. Call <see cref="Flush"/> when the writer is done.
/// </summary>
internal sealed class TextWriterBufferWriter(TextWriter output) : IBufferWriter<byte>, IDisposable
{
    private const int BlockLength = 16 * 1024;

    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetDecoder();
    private byte[] _bytes = ArrayPool<byte>.Shared.Rent(BlockLength);
    private char[] _chars = ArrayPool<char>.Shared.Rent(BlockLength);

    public void Advance(int count) => Write(_bytes.AsSpan(0, count), flush: false);

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

    /// <summary>Writes out the last characters a block boundary split.</summary>
    public void Flush() => Write([], flush: true);

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_bytes);
        ArrayPool<char>.Shared.Return(_chars);
        _bytes = [];
        _chars = [];
    }

    private void Reserve(int sizeHint)
    {
        if (sizeHint > _bytes.Length)
        {
            ArrayPool<byte>.Shared.Return(_bytes);
            _bytes = ArrayPool<byte>.Shared.Rent(sizeHint);
        }
    }

    private void Write(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = _decoder.GetCharCount(bytes, flush);
        if (needed > _chars.Length)
        {
            ArrayPool<char>.Shared.Return(_chars);
            _chars = ArrayPool<char>.Shared.Rent(needed);
        }

        var written = _decoder.GetChars(bytes, _chars, flush);
        output.Write(_chars, 0, written);
    }
}
