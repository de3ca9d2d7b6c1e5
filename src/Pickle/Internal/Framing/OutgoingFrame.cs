using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;

namespace Pickling.Internal;

/// <summary>
/// A complete frame in memory, ready to be written to a stream. Disposing it returns the payload's buffers. The
/// trailer of a small frame is computed at once; that of a large one, or of one that holds blocks borrowed from the
/// value, while it is written, a slice at a time, so that each slice is read from memory once for the checksum, any
/// signature and the write together, and the trailer always covers exactly the bytes written.
/// </summary>
internal sealed class OutgoingFrame : IDisposable
{
    private readonly byte[] _header;
    private readonly int _headerLength;
    private readonly SegmentedBuffer _payload;
    private readonly byte[] _trailer;
    private readonly PickleOptions _options;
    private bool _trailerDone;

    /// <param name="format">The payload's format name.</param>
    /// <param name="payload">The payload, which the frame owns from now on.</param>
    /// <param name="options">The signing key and compression the frame is written with.</param>
    /// <param name="version">The format version the payload is laid out in: the current one, unless a payload is laid out as version 2's.</param>
    public OutgoingFrame(string format, SegmentedBuffer payload, PickleOptions options, byte version = FrameHeader.CurrentVersion)
    {
        _payload = payload;
        _options = options;
        _header = ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength);
        _headerLength = WriteHeader(_header, format, payload.Length, options, version);
        _trailer = new byte[TrailerLength(options)];
        if (!FramePlan.HashesWhileWriting(payload.Length, payload.HasBorrowed))
        {
            using var hasher = NewHasher(inBackground: false);
            foreach (var block in payload.Blocks)
            {
                hasher.AppendNow(block.Span);
            }

            Finish(hasher);
        }
    }

    public long Length => _headerLength + _payload.Length + _trailer.Length;

    private ReadOnlyMemory<byte> Header => _header.AsMemory(0, _headerLength);

    public async ValueTask WriteToAsync(Stream stream, bool useAsync, CancellationToken cancellationToken)
    {
        await StreamBytes.WriteAsync(stream, Header, useAsync, cancellationToken).ConfigureAwait(false);
        if (_trailerDone)
        {
            foreach (var block in _payload.Blocks)
            {
                await StreamBytes.WriteAsync(stream, block, useAsync, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            using var hasher = NewHasher(FramePlan.HashesWhileWritingInBackground(_payload.Length, _payload.HasBorrowed));
            var copy = _payload.HasBorrowed ? ArrayPool<byte>.Shared.Rent(FramePlan.WriteSlice) : null;
            try
            {
                foreach (var (block, borrowed) in _payload.BlocksWithOwner)
                {
                    for (var rest = block; !rest.IsEmpty; rest = rest[Math.Min(rest.Length, FramePlan.WriteSlice)..])
                    {
                        var slice = rest[..Math.Min(rest.Length, FramePlan.WriteSlice)];
                        if (borrowed)
                        {
                            // The value's owner may change these bytes while they are written: hash and write one copy.
                            slice.CopyTo(copy);
                            slice = copy.AsMemory(0, slice.Length);
                            hasher.AppendNow(slice.Span);
                        }
                        else
                        {
                            hasher.Append(slice);
                        }

                        await StreamBytes.WriteAsync(stream, slice, useAsync, cancellationToken).ConfigureAwait(false);
                    }
                }

                Finish(hasher);
            }
            finally
            {
                if (copy is not null)
                {
                    ArrayPool<byte>.Shared.Return(copy);
                }
            }
        }

        await StreamBytes.WriteAsync(stream, _trailer, useAsync, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The frame of <paramref name="payload"/> as one array of its exact size, made once: the header written at its
    /// start, the payload copied after it, and the trailer computed over the copy, so that it covers the bytes returned.
    /// </summary>
    public static byte[] ToArray(string format, SegmentedBuffer payload, PickleOptions options)
    {
        var headerLength = FrameHeader.LengthOf(format, payload.Length);
        var length = headerLength + payload.Length + TrailerLength(options);
        if (length > Array.MaxLength)
        {
            throw new PickleException($"The pickle is {length:N0} bytes, too large for one byte array. Dump it to a stream or a file instead.");
        }

        // The header is written straight into the array: a frame in memory is made without a copy of its header.
        var bytes = GC.AllocateUninitializedArray<byte>((int)length);
        var written = WriteHeader(bytes, format, payload.Length, options);
        Debug.Assert(written == headerLength, "FrameHeader.LengthOf gives the length FrameHeader.Write writes.");
        payload.CopyTo(bytes.AsSpan(headerLength));
        FrameHasher.Seal(bytes, options.SigningKeySpan);
        return bytes;
    }

    public void Dispose()
    {
        _payload.Return();
        ArrayPool<byte>.Shared.Return(_header);
    }

    /// <summary>Writes the header of a frame of <paramref name="payloadLength"/> bytes with <paramref name="options"/>; returns its length.</summary>
    private static int WriteHeader(Span<byte> destination, string format, long payloadLength, PickleOptions options, byte version = FrameHeader.CurrentVersion)
    {
        var flags = (byte)((options.HasSigningKey ? FrameHeader.SignedFlag : 0) | PayloadCompression.ToFlags(options.Compression ?? PickleCompression.None));
        return FrameHeader.Write(destination, flags, format, payloadLength, version);
    }

    private static int TrailerLength(PickleOptions options) => (options.HasSigningKey ? FrameHeader.SignatureLength : 0) + FrameHeader.ChecksumLength;

    private FrameHasher NewHasher(bool inBackground) => FrameHasher.Start(Header.Span, _options.SigningKeySpan, inBackground);

    private void Finish(FrameHasher hasher)
    {
        var signatureLength = _trailer.Length - FrameHeader.ChecksumLength;
        var checksum = hasher.Finish(_trailer.AsSpan(0, signatureLength));
        BinaryPrimitives.WriteUInt64LittleEndian(_trailer.AsSpan(signatureLength), checksum);
        _trailerDone = true;
    }
}
