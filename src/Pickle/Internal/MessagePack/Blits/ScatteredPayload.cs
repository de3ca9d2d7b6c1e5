namespace Pickling.Internal.MessagePack;

/// <summary>
/// Reads a large msgpack payload from a stream whose remaining length is known, each large one-dimensional blit's
/// elements straight from the stream into a new array of their type, the rest into pooled buffers (FORMAT.md,
/// "Large payloads"). The payload's sequence then holds those arrays' bytes in place, in order, so the serializer
/// reads exactly the payload's bytes; a blit loaded as a <c>T[]</c>, <see cref="Memory{T}"/> or
/// <see cref="ReadOnlyMemory{T}"/> takes its array over instead of copying it (<see cref="ArrayByteMemory.TryClaim{T}"/>).
/// Every byte is hashed as it arrives, so the frame can be verified before anything is deserialized.
/// </summary>
internal sealed class ScatteredPayload
{
    /// <summary>Blits with this many bytes of elements or more are read into arrays of their own.</summary>
    public const int SmallestBlock = 16 * 1024;

    /// <summary>The first read after a block: small, so that little of the next block lands in the buffer and has to be copied.</summary>
    private const int FirstRead = 16 * 1024;

    /// <summary>Reads double while no block comes, up to this.</summary>
    private const int LargestRead = 1024 * 1024;

    /// <summary>The unit in which a block is read and hashed: large enough for few calls, small enough to stay in cache.</summary>
    private const int BlockChunk = 1024 * 1024;

    /// <summary>The most bytes of a block that one segment of the payload holds.</summary>
    private const int BlockPart = 1 << 30;

    private readonly FrameHeader _header;
    private readonly FrameHasher _hash;
    private readonly SegmentedBuffer _buffer;
    private BlockScanner _scanner;
    private readonly byte[] _carry;
    private int _carried;
    private long _unread;
    private int _readSize = FirstRead;

    private ScatteredPayload(FrameHeader header, ReadOnlyMemory<byte> prefix, FrameHasher hash, SegmentedBuffer buffer)
    {
        _header = header;
        _buffer = buffer;
        _hash = hash;
        _scanner = new BlockScanner(header.PayloadLength, SmallestBlock);
        _carry = new byte[Math.Max(prefix.Length, BlockScanner.LongestCutHeader)];
        prefix.CopyTo(_carry);
        _carried = prefix.Length;
        _unread = header.PayloadLength - prefix.Length;
    }

    /// <summary>
    /// Reads the rest of a frame's payload, of which <paramref name="prefix"/> was read already, appending every byte
    /// to <paramref name="hash"/>. The caller has checked that the stream holds the whole payload, so no array is
    /// allocated for bytes that are not there.
    /// </summary>
    public static async ValueTask<SegmentedBuffer> ReadAsync(
        Stream stream, FrameHeader header, ReadOnlyMemory<byte> prefix, FrameHasher hash, bool useAsync, CancellationToken cancellationToken)
    {
        var buffer = new SegmentedBuffer();
        try
        {
            var reader = new ScatteredPayload(header, prefix, hash, buffer);
            while (reader._unread > 0)
            {
                var target = reader.NextRead(out var memory);
                var block = reader.Arrived(memory, await ReadAsync(stream, target, useAsync, cancellationToken).ConfigureAwait(false));
                while (block is not null)
                {
                    while (block.Filled < block.Length)
                    {
                        var got = await ReadAsync(stream, block.NextChunk(), useAsync, cancellationToken).ConfigureAwait(false);
                        reader.BlockRead(block, got);
                    }

                    block = reader.Placed(block);
                }
            }

            return buffer;
        }
        catch
        {
            // The buffer's arrays go back to the pool: nothing may still be hashing them.
            hash.Stop();
            buffer.Dispose();
            throw;
        }
    }

    private static async ValueTask<int> ReadAsync(Stream stream, Memory<byte> target, bool useAsync, CancellationToken cancellationToken) =>
        useAsync
            ? await stream.ReadAsync(target, cancellationToken).ConfigureAwait(false)
            : stream.Read(target.Span);

    /// <summary>Where the next read goes: after the bytes carried over, in the buffer's current array if it has room.</summary>
    private Memory<byte> NextRead(out Memory<byte> memory)
    {
        var wanted = (int)Math.Min(_unread, _readSize);
        memory = _buffer.GetMemory(_carried + wanted, (int)Math.Min(_carried + _unread, Array.MaxLength));
        _carry.AsSpan(0, _carried).CopyTo(memory.Span);
        _readSize = Math.Min(_readSize * 2, LargestRead);
        return memory.Slice(_carried, wanted);
    }

    /// <summary>Takes in <paramref name="got"/> bytes read after the carried ones; returns the first block that starts in them, if any.</summary>
    private Block? Arrived(Memory<byte> memory, int got)
    {
        if (got == 0)
        {
            throw _header.PayloadTruncated(_header.PayloadLength - _unread - _carried);
        }

        _unread -= got;
        var filled = _carried + got;
        _carried = 0;
        _buffer.Advance(filled);
        return Scan(memory[..filled]);
    }

    /// <summary>
    /// Scans bytes just added to the end of the buffer and hashes those scanned. A header cut by the end of the bytes
    /// is taken back and carried over to the next read. A large blit that starts in them ends the scan: its elements
    /// in the buffer are moved into its array, and the bytes after it are kept for <see cref="Placed"/>.
    /// </summary>
    private Block? Scan(Memory<byte> added)
    {
        var span = added.Span;
        var scanned = _scanner.Scan(span, out var code, out var blockLength);
        _hash.Append(added[..scanned]);
        if (blockLength == 0)
        {
            var cut = span[scanned..];
            if (_unread == 0)
            {
                // A header cut short by the payload's end: the serializer reports it.
                _hash.Append(added[scanned..]);
            }
            else if (!cut.IsEmpty)
            {
                cut.CopyTo(_carry);
                _carried = cut.Length;
                _buffer.Retract(cut.Length);
            }

            return null;
        }

        var block = new Block(code, blockLength);
        var inBuffer = (int)Math.Min(span.Length - scanned, blockLength);
        block.Take(span.Slice(scanned, inBuffer), _hash);
        _buffer.Retract(span.Length - scanned);
        block.After = added[(scanned + inBuffer)..];
        return block;
    }

    /// <summary>Takes in <paramref name="got"/> bytes of a block's elements, read where <see cref="Block.NextChunk"/> said.</summary>
    private void BlockRead(Block block, int got)
    {
        if (got == 0)
        {
            throw _header.PayloadTruncated(_header.PayloadLength - _unread);
        }

        _unread -= got;
        block.Read(got, _hash);
    }

    /// <summary>
    /// Adds a block whose elements are all read to the payload, then moves the bytes that came after it in the same
    /// read down to where the buffer goes on, and scans them: they may start another block.
    /// </summary>
    private Block? Placed(Block block)
    {
        foreach (var part in block.Parts)
        {
            _buffer.AppendBorrowed(part.Memory);
        }

        _readSize = FirstRead;
        if (block.After.IsEmpty)
        {
            return null;
        }

        var length = block.After.Length;
        var moved = _buffer.GetMemory(length, length);
        block.After.Span.CopyTo(moved.Span);
        _buffer.Advance(length);
        return Scan(moved[..length]);
    }

    /// <summary>A blit's elements, read into a new array of their type, part by part.</summary>
    private sealed class Block
    {
        public Block(byte code, long length)
        {
            Length = length;
            var array = BlitElements.AllocateVector(code, (int)(length / BlitElements.SizeOf(code)));
            Parts = new ArrayByteMemory[(int)((length + BlockPart - 1) / BlockPart)];
            for (var i = 0; i < Parts.Length; i++)
            {
                var offset = (long)i * BlockPart;
                Parts[i] = ArrayByteMemory.LoadedPart(array, offset, (int)Math.Min(BlockPart, length - offset));
            }
        }

        public ArrayByteMemory[] Parts { get; }

        public long Length { get; }

        public long Filled { get; private set; }

        /// <summary>The bytes that followed the block in the read that reached its end, still to be scanned.</summary>
        public Memory<byte> After { get; set; }

        /// <summary>Where the next read of the block's elements goes.</summary>
        public Memory<byte> NextChunk()
        {
            var offset = (int)(Filled % BlockPart);
            return Parts[(int)(Filled / BlockPart)].Memory.Slice(offset, (int)Math.Min(BlockChunk, Math.Min(Length - Filled, BlockPart - offset)));
        }

        /// <summary>Copies the block's first elements, which came in the buffer with the bytes before them.</summary>
        public void Take(ReadOnlySpan<byte> elements, FrameHasher hash)
        {
            var into = Next(elements.Length);
            elements.CopyTo(into.Span);
            hash.Append(into);
            Filled += elements.Length;
        }

        /// <summary>Takes in <paramref name="got"/> bytes of elements read into <see cref="NextChunk"/>.</summary>
        public void Read(int got, FrameHasher hash)
        {
            hash.Append(Next(got));
            Filled += got;
        }

        private Memory<byte> Next(int length) => Parts[(int)(Filled / BlockPart)].Memory.Slice((int)(Filled % BlockPart), length);
    }
}
