using System.Buffers;
using System.Buffers.Binary;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace Pickling.Internal;

/// <summary>
/// Compresses and decompresses payloads (FORMAT.md, "Compression"). A compressed payload is the u64 LE length of the
/// uncompressed payload, then the codec's bytes: for LZ4, blocks of [u32 LE uncompressed length, u32 LE stored
/// length, stored bytes], a block whose stored length equals its uncompressed length being stored as is; for
/// Zstandard, one standard zstd frame. Decompression never produces more than the declared length, and the declared
/// length may not exceed <see cref="PickleOptions.MaxPayloadSize"/> nor what the load's <see cref="AllocationBudget"/>
/// allows (<see cref="PickleOptions.MaxAllocation"/>: by default 64 times the stored payload plus 16 MiB).
/// </summary>
internal static class PayloadCompression
{
    /// <summary>The flags bits that hold the codec: bits 1 and 2.</summary>
    public const byte FlagsMask = 0b110;

    public const int Lz4BlockSize = 4 * 1024 * 1024;

    /// <summary>The bytes of the uncompressed length a compressed payload starts with.</summary>
    public const int LengthPrefix = 8;
    private const int ZstdLevel = 3;
    private const int LargestOutputStep = 64 * 1024 * 1024;

    public static byte ToFlags(PickleCompression codec) => (byte)((int)codec << 1);

    public static PickleCompression FromFlags(byte flags) => (PickleCompression)((flags & FlagsMask) >> 1);

    /// <summary>The codec <c>DumpToFile</c> uses for <paramref name="path"/> when the options do not name one.</summary>
    public static PickleCompression FromPath(string path)
    {
        var extension = Path.GetExtension(path);
        return extension.Equals(".lz4", StringComparison.OrdinalIgnoreCase)
            ? PickleCompression.Lz4
            : extension.Equals(".zst", StringComparison.OrdinalIgnoreCase) ? PickleCompression.Zstd : PickleCompression.None;
    }

    /// <summary>Returns <paramref name="payload"/> compressed with <paramref name="codec"/> in a new buffer.</summary>
    public static SegmentedBuffer Compress(SegmentedBuffer payload, PickleCompression codec)
    {
        var compressed = new SegmentedBuffer();
        try
        {
            BinaryPrimitives.WriteUInt64LittleEndian(compressed.GetSpan(LengthPrefix), (ulong)payload.Length);
            compressed.Advance(LengthPrefix);
            if (codec == PickleCompression.Lz4)
            {
                CompressLz4(payload.AsSequence(), compressed);
            }
            else
            {
                CompressZstd(payload, compressed);
            }

            return compressed;
        }
        catch
        {
            compressed.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Returns the stored payload <paramref name="stored"/> decompressed with <paramref name="codec"/> in a new buffer,
    /// its declared length spent from <paramref name="budget"/> before anything is allocated for it.
    /// </summary>
    public static SegmentedBuffer Decompress(SegmentedBuffer stored, PickleCompression codec, long maxPayloadSize, AllocationBudget budget)
    {
        var source = stored.AsSequence();
        if (source.Length < LengthPrefix)
        {
            throw PickleErrors.Damaged($"its compressed payload has {source.Length} bytes, too few for its length");
        }

        Span<byte> prefix = stackalloc byte[LengthPrefix];
        source.Slice(0, LengthPrefix).CopyTo(prefix);
        var declared = CheckDeclaredLength(prefix, source.Length, maxPayloadSize, budget);

        var output = new SegmentedBuffer();
        try
        {
            if (codec == PickleCompression.Lz4)
            {
                DecompressLz4(source.Slice(LengthPrefix), output, declared);
            }
            else if (codec == PickleCompression.Zstd)
            {
                DecompressZstd(source.Slice(LengthPrefix), output, declared);
            }
            else
            {
                throw UnknownCodec(codec);
            }

            return output;
        }
        catch (Exception e) when (e is not (PickleException or OutOfMemoryException))
        {
            output.Dispose();
            throw CannotDecompress(codec, e);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }

    private static void CompressLz4(ReadOnlySequence<byte> source, SegmentedBuffer destination)
    {
        byte[]? scratch = null;
        try
        {
            while (!source.IsEmpty)
            {
                var length = (int)Math.Min(source.Length, Lz4BlockSize);
                var chunk = source.Slice(0, length);
                ReadOnlySpan<byte> input;
                if (chunk.IsSingleSegment)
                {
                    input = chunk.FirstSpan;
                }
                else
                {
                    scratch ??= ArrayPool<byte>.Shared.Rent(Lz4BlockSize);
                    chunk.CopyTo(scratch);
                    input = scratch.AsSpan(0, length);
                }

                var block = destination.GetSpan(8 + LZ4Codec.MaximumOutputSize(length));
                var encoded = LZ4Codec.Encode(input, block[8..], LZ4Level.L00_FAST);
                if (encoded <= 0 || encoded >= length)
                {
                    input.CopyTo(block[8..]);
                    encoded = length;
                }

                BinaryPrimitives.WriteUInt32LittleEndian(block, (uint)length);
                BinaryPrimitives.WriteUInt32LittleEndian(block[4..], (uint)encoded);
                destination.Advance(8 + encoded);
                source = source.Slice(length);
            }
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private static void DecompressLz4(ReadOnlySequence<byte> source, SegmentedBuffer output, long declared)
    {
        byte[]? scratch = null;
        Span<byte> blockHeader = stackalloc byte[8];
        try
        {
            while (!source.IsEmpty)
            {
                if (source.Length < 8)
                {
                    throw PickleErrors.Damaged("its LZ4 payload ends in the middle of a block header");
                }

                source.Slice(0, 8).CopyTo(blockHeader);
                var (length, storedLength) = CheckLz4Block(blockHeader, output.Length, declared);

                if (source.Length - 8 < storedLength)
                {
                    throw PickleErrors.Damaged("its LZ4 payload ends in the middle of a block");
                }

                var stored = source.Slice(8, storedLength);
                ReadOnlySpan<byte> input;
                if (stored.IsSingleSegment)
                {
                    input = stored.FirstSpan;
                }
                else
                {
                    scratch ??= ArrayPool<byte>.Shared.Rent(Lz4BlockSize);
                    stored.CopyTo(scratch);
                    input = scratch.AsSpan(0, (int)storedLength);
                }

                var block = output.GetMemory((int)length, NextOutputStep(output, declared)).Span[..(int)length];
                if (storedLength == length)
                {
                    input.CopyTo(block);
                }
                else if (LZ4Codec.Decode(input, block) != length)
                {
                    throw PickleErrors.Damaged("an LZ4 block does not decompress to its declared length");
                }

                output.Advance((int)length);
                source = source.Slice(8 + storedLength);
            }

            CheckComplete(output, declared);
        }
        finally
        {
            if (scratch is not null)
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
    }

    private static void CompressZstd(SegmentedBuffer payload, SegmentedBuffer destination)
    {
        using var compressor = new Compressor(ZstdLevel);
        compressor.SetPledgedSrcSize((ulong)payload.Length);
        using var stream = new CompressionStream(new BufferWriterStream(destination), compressor, preserveCompressor: true, leaveOpen: false);
        foreach (var block in payload.Blocks)
        {
            stream.Write(block.Span);
        }
    }

    private static void DecompressZstd(ReadOnlySequence<byte> source, SegmentedBuffer output, long declared)
    {
        using var stream = new DecompressionStream(new SequenceStream(source), leaveOpen: false, checkEndOfStream: true);
        while (output.Length < declared)
        {
            var block = output.GetMemory(1, NextOutputStep(output, declared)).Span;
            block = block[..(int)Math.Min(block.Length, declared - output.Length)];
            var got = stream.Read(block);
            if (got == 0)
            {
                break;
            }

            output.Advance(got);
        }

        CheckComplete(output, declared);
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) != 0)
        {
            throw Bomb(declared);
        }
    }

    /// <summary>
    /// The uncompressed length that a compressed payload of <paramref name="storedLength"/> bytes declares in its first
    /// eight bytes, <paramref name="prefix"/>: checked against <paramref name="maxPayloadSize"/>, and spent from
    /// <paramref name="budget"/>, if any, before anything is allocated for it.
    /// </summary>
    public static long CheckDeclaredLength(ReadOnlySpan<byte> prefix, long storedLength, long maxPayloadSize, AllocationBudget? budget)
    {
        var declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (declared > (ulong)maxPayloadSize)
        {
            throw new PickleException(
                $"The frame's compressed payload declares {declared:N0} bytes uncompressed, over the limit of {maxPayloadSize:N0} bytes " +
                "(PickleOptions.MaxPayloadSize). If you trust the file, load it with a larger MaxPayloadSize.");
        }

        budget?.Spend((long)declared, $"its payload decompressed, from {storedLength:N0} bytes");
        return (long)declared;
    }

    /// <summary>
    /// The lengths in an LZ4 block's 8-byte header, checked: a valid block, and within the <paramref name="declared"/>
    /// length of a payload of which <paramref name="produced"/> bytes are decompressed already.
    /// </summary>
    public static (uint Length, uint StoredLength) CheckLz4Block(ReadOnlySpan<byte> blockHeader, long produced, long declared)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(blockHeader);
        var storedLength = BinaryPrimitives.ReadUInt32LittleEndian(blockHeader[4..]);
        if (length is 0 or > Lz4BlockSize || storedLength is 0 || storedLength > length)
        {
            throw PickleErrors.Damaged($"its LZ4 block of {length:N0} bytes stored in {storedLength:N0} is not a valid block (1 byte to 4 MiB, stored in at most as many)");
        }

        if (produced + length > declared)
        {
            throw Bomb(declared);
        }

        return (length, storedLength);
    }

    /// <summary>The error for a codec this Pickle does not know.</summary>
    public static PickleException UnknownCodec(PickleCompression codec) =>
        new($"The frame names compression codec {(int)codec}, which this Pickle does not know. Upgrade the Pickle package to load it.");

    /// <summary>The error for a payload that decompresses to <paramref name="produced"/> bytes, not the <paramref name="declared"/> it says.</summary>
    public static PickleDamagedException Incomplete(long produced, long declared) =>
        PickleErrors.Damaged($"its compressed payload decompresses to {produced:N0} bytes, not the {declared:N0} it declares");

    /// <summary>The error for a payload that decompresses to more than it declares.</summary>
    public static PickleDamagedException Bomb(long declared) =>
        PickleErrors.Damaged($"its compressed payload decompresses to more than the {declared:N0} bytes it declares");

    /// <summary>The error for a payload the codec fails on.</summary>
    public static PickleDamagedException CannotDecompress(PickleCompression codec, Exception e) =>
        PickleErrors.Damaged($"its {codec} payload cannot be decompressed ({e.Message})", e);

    /// <summary>Grows the output as it is produced, never by more than what is left of the declared length.</summary>
    private static int NextOutputStep(SegmentedBuffer output, long declared) =>
        (int)Math.Max(1, Math.Min(declared - output.Length, Math.Clamp(output.Length, 64 * 1024, LargestOutputStep)));

    private static void CheckComplete(SegmentedBuffer output, long declared)
    {
        if (output.Length != declared)
        {
            throw Incomplete(output.Length, declared);
        }
    }

    /// <summary>A write-only stream that appends to a buffer.</summary>
    private sealed class BufferWriterStream(SegmentedBuffer destination) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            buffer.CopyTo(destination.GetSpan(buffer.Length));
            destination.Advance(buffer.Length);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }

    /// <summary>A read-only stream over a byte sequence.</summary>
    private sealed class SequenceStream(ReadOnlySequence<byte> source) : Stream
    {
        private ReadOnlySequence<byte> _rest = source;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            var count = (int)Math.Min(buffer.Length, _rest.Length);
            _rest.Slice(0, count).CopyTo(buffer);
            _rest = _rest.Slice(count);
            return count;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
