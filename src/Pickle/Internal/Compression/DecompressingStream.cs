using System.Buffers;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace Pickling.Internal;

/// <summary>
/// A compressed payload decompressed as it is read, block by block, with the checks of
/// <see cref="PayloadCompression.Decompress"/>: never more than the declared length, which the options' limits allow,
/// and exactly that length at the end. Its memory is one LZ4 block (4 MiB) or one Zstandard window, whatever the
/// payload's size, so that a reader can walk a payload of any size, or read only its start. Reads come from the
/// stored payload's stream, which it does not dispose.
/// </summary>
internal sealed class DecompressingStream : Stream
{
    private readonly Stream _stored;
    private readonly PickleCompression _codec;
    private readonly long _declared;
    private readonly DecompressionStream? _zstd;
    private byte[]? _storedBlock;
    private byte[]? _block;
    private int _blockStart;
    private int _blockEnd;
    private long _produced;

    private DecompressingStream(Stream stored, PickleCompression codec, long declared)
    {
        _stored = stored;
        _codec = codec;
        _declared = declared;
        if (codec == PickleCompression.Zstd)
        {
            _zstd = new DecompressionStream(stored, leaveOpen: true, checkEndOfStream: true);
        }
    }

    /// <summary>The payload's uncompressed length, as it declares it.</summary>
    public override long Length => _declared;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Position
    {
        get => _produced - (_blockEnd - _blockStart);
        set => throw new NotSupportedException();
    }

    /// <summary>
    /// Starts decompressing the <paramref name="storedLength"/> bytes of a payload compressed with
    /// <paramref name="codec"/> that <paramref name="stored"/> is at: reads its declared length, checks it against
    /// <paramref name="maxPayloadSize"/> and spends it from <paramref name="budget"/> (none for a reader that reads
    /// only the payload's start).
    /// </summary>
    /// <exception cref="PickleException">The declared length is over a limit, the codec is unknown, or the payload is damaged.</exception>
    public static DecompressingStream Open(Stream stored, long storedLength, PickleCompression codec, long maxPayloadSize, AllocationBudget? budget)
    {
        if (codec is not (PickleCompression.Lz4 or PickleCompression.Zstd))
        {
            throw PayloadCompression.UnknownCodec(codec);
        }

        if (storedLength < PayloadCompression.LengthPrefix)
        {
            throw PickleErrors.Damaged($"its compressed payload has {storedLength} bytes, too few for its length");
        }

        var bounded = new BoundedReadStream(stored, storedLength);
        Span<byte> prefix = stackalloc byte[PayloadCompression.LengthPrefix];
        try
        {
            bounded.ReadExactly(prefix);
        }
        catch (EndOfStreamException e)
        {
            throw PickleErrors.Damaged("its compressed payload ends in its length", e);
        }

        var declared = PayloadCompression.CheckDeclaredLength(prefix, storedLength, maxPayloadSize, budget);
        return new DecompressingStream(bounded, codec, declared);
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return _codec == PickleCompression.Lz4 ? ReadLz4(buffer) : ReadZstd(buffer);
        }
        catch (Exception e) when (e is not (PickleException or OutOfMemoryException or OperationCanceledException))
        {
            throw PayloadCompression.CannotDecompress(_codec, e);
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zstd?.Dispose();
            Return(ref _storedBlock);
            Return(ref _block);
        }

        base.Dispose(disposing);
    }

    private int ReadLz4(Span<byte> buffer)
    {
        if (_blockStart == _blockEnd && !NextLz4Block())
        {
            return 0;
        }

        var count = Math.Min(buffer.Length, _blockEnd - _blockStart);
        _block.AsSpan(_blockStart, count).CopyTo(buffer);
        _blockStart += count;
        return count;
    }

    /// <summary>Decompresses the next LZ4 block; false at the end of the stored payload, once its length is checked.</summary>
    private bool NextLz4Block()
    {
        Span<byte> blockHeader = stackalloc byte[8];
        var got = _stored.ReadAtLeast(blockHeader, blockHeader.Length, throwOnEndOfStream: false);
        if (got == 0)
        {
            if (_produced != _declared)
            {
                throw PayloadCompression.Incomplete(_produced, _declared);
            }

            return false;
        }

        if (got < blockHeader.Length)
        {
            throw PickleErrors.Damaged("its LZ4 payload ends in the middle of a block header");
        }

        var (length, storedLength) = PayloadCompression.CheckLz4Block(blockHeader, _produced, _declared);
        _storedBlock ??= ArrayPool<byte>.Shared.Rent(PayloadCompression.Lz4BlockSize);
        _block ??= ArrayPool<byte>.Shared.Rent(PayloadCompression.Lz4BlockSize);
        var stored = _storedBlock.AsSpan(0, (int)storedLength);
        if (_stored.ReadAtLeast(stored, stored.Length, throwOnEndOfStream: false) < stored.Length)
        {
            throw PickleErrors.Damaged("its LZ4 payload ends in the middle of a block");
        }

        var block = _block.AsSpan(0, (int)length);
        if (storedLength == length)
        {
            stored.CopyTo(block);
        }
        else if (LZ4Codec.Decode(stored, block) != length)
        {
            throw PickleErrors.Damaged("an LZ4 block does not decompress to its declared length");
        }

        _blockStart = 0;
        _blockEnd = (int)length;
        _produced += length;
        return true;
    }

    private int ReadZstd(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var left = _declared - _produced;
        if (left == 0)
        {
            Span<byte> extra = stackalloc byte[1];
            if (_zstd!.Read(extra) != 0)
            {
                throw PayloadCompression.Bomb(_declared);
            }

            return 0;
        }

        var got = _zstd!.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
        if (got == 0)
        {
            throw PayloadCompression.Incomplete(_produced, _declared);
        }

        _produced += got;
        return got;
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
