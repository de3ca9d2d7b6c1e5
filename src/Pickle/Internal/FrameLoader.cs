using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal;

/// <summary>
/// Loads the value of one frame from a stream: the path every <c>Load</c> of the facade takes. Small frames are read
/// whole and verified before the serializer sees them. Large ones avoid passes over their bytes that are not needed:
/// a payload that is one array is read from the stream straight into the array, and any other large payload has its
/// checksum computed while the serializer reads it. Either way the value is returned only once the frame's checksum
/// (and, with a signing key, its signature) has matched.
/// </summary>
internal static class FrameLoader
{
    /// <summary>Payloads from this size on are verified as they are read rather than in a pass of their own.</summary>
    public const int LargePayload = 1024 * 1024;

    /// <summary>The unit in which an array read from the stream is hashed: large enough for few calls, small enough to stay in cache.</summary>
    private const int BlitChunk = 1024 * 1024;

    /// <summary>
    /// Reads the next frame of <paramref name="stream"/> as a <typeparamref name="T"/>, leaving the stream just after
    /// it. Returns false if the stream ends before the frame's first byte. Completes synchronously when
    /// <paramref name="useAsync"/> is false.
    /// </summary>
    public static async ValueTask<(bool Found, T Value)> LoadAsync<T>(Stream stream, PickleOptions? givenOptions, bool useAsync, CancellationToken cancellationToken)
    {
        var options = givenOptions ?? PickleOptions.Default;
        var headerBuffer = Frames.RentHeaderBuffer();
        SegmentedBuffer? payload = null;
        try
        {
            if (await Frames.ReadHeaderAsync(stream, headerBuffer, options, useAsync, cancellationToken).ConfigureAwait(false) is not { } header)
            {
                return (false, default!);
            }

            var prefix = ReadOnlyMemory<byte>.Empty;
            if (BlitRoot.For<T>() is { } root && !Frames.CanBorrow(stream) && CanStreamBlit(stream, header, root, givenOptions, options))
            {
                var start = new byte[root.PrefixLength];
                if (await Frames.ReadAtLeastAsync(stream, start, useAsync, cancellationToken).ConfigureAwait(false) < start.Length)
                {
                    throw FrameHeader.Truncated($"in its payload's first {start.Length} bytes");
                }

                if (root.Create(start, header.PayloadLength) is { } destination)
                {
                    var value = await ReadBlitAsync(stream, headerBuffer, header, root, start, destination, options, useAsync, cancellationToken).ConfigureAwait(false);
                    return (true, (T)value);
                }

                prefix = start;
            }

            // A MemoryStream's payload is used where it lies; any other is read into pooled buffers.
            ReadOnlySequence<byte> sequence;
            if (prefix.IsEmpty && Frames.TryBorrow(stream, header.PayloadLength, out var borrowed))
            {
                sequence = new ReadOnlySequence<byte>(borrowed);
            }
            else
            {
                payload = await Frames.ReadPayloadAsync(stream, header, prefix, useAsync, cancellationToken).ConfigureAwait(false);
                sequence = payload.AsSequence();
            }

            await Frames.ReadTrailerAsync(stream, headerBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
            if (header.Compression == PickleCompression.None && !options.HasSigningKey && sequence.Length >= LargePayload && sequence.IsSingleSegment)
            {
                return (true, DeserializeVerifying<T>(headerBuffer, header, sequence, givenOptions));
            }

            Frames.Verify(headerBuffer, header, sequence, options);
            if (header.Compression != PickleCompression.None)
            {
                if (payload is null)
                {
                    payload = new SegmentedBuffer();
                    payload.AppendBorrowed(sequence.First);
                }

                payload = Frames.Decompress(header, payload, options);
                sequence = payload.AsSequence();
            }

            return (true, Frames.Deserialize<T>(header, sequence, givenOptions));
        }
        finally
        {
            payload?.Dispose();
            ArrayPool<byte>.Shared.Return(headerBuffer);
        }
    }

    /// <summary>
    /// Whether the payload may be read straight into an array: a large uncompressed msgpack payload read by the
    /// default serializer, signed if the options require a signature, from a stream that is known to hold it all (an
    /// array is allocated only for bytes that are there). A payload already in memory (a MemoryStream's) is not
    /// streamed: it is copied into its array in one go while its checksum is computed beside it.
    /// </summary>
    private static bool CanStreamBlit(Stream stream, FrameHeader header, BlitRoot root, PickleOptions? givenOptions, PickleOptions options) =>
        BitConverter.IsLittleEndian
        && header.Compression == PickleCompression.None
        && header.PayloadLength >= Math.Max(LargePayload, root.PrefixLength)
        && string.Equals(header.Format, MessagePackPickleSerializer.FormatName, StringComparison.Ordinal)
        && (givenOptions is null || givenOptions.Serializer is MessagePackPickleSerializer)
        && (!options.HasSigningKey || header.IsSigned)
        && Frames.CheckRemaining(stream, header, 0);

    /// <summary>Reads the elements of a one-blit payload into their storage, hashing them as they come, then checks the trailer.</summary>
    private static async ValueTask<object> ReadBlitAsync(
        Stream stream, byte[] headerBuffer, FrameHeader header, BlitRoot root, byte[] prefix, BlitDestination destination, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        var checksum = new XxHash3();
        checksum.Append(headerBuffer.AsSpan(0, header.Length));
        checksum.Append(prefix);
        using var signature = options.HasSigningKey ? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, options.SigningKeySpan) : null;
        signature?.AppendData(headerBuffer.AsSpan(0, header.Length));
        signature?.AppendData(prefix);
        byte[]? bounce = null;
        try
        {
            for (long offset = 0; offset < destination.ByteLength;)
            {
                var length = (int)Math.Min(BlitChunk, destination.ByteLength - offset);
                int got;
                if (!useAsync)
                {
                    got = stream.Read(destination.Bytes(offset, length));
                }
                else if (destination.MemoryOf(offset, length) is { } memory)
                {
                    got = await stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    bounce ??= ArrayPool<byte>.Shared.Rent(BlitChunk);
                    got = await stream.ReadAsync(bounce.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    bounce.AsSpan(0, got).CopyTo(destination.Bytes(offset, got));
                }

                if (got == 0)
                {
                    throw FrameHeader.Truncated($"{prefix.Length + offset:N0} of its {header.PayloadLength:N0} payload bytes were read");
                }

                var read = destination.Bytes(offset, got);
                checksum.Append(read);
                signature?.AppendData(read);
                offset += got;
            }
        }
        finally
        {
            if (bounce is not null)
            {
                ArrayPool<byte>.Shared.Return(bounce);
            }
        }

        await Frames.ReadTrailerAsync(stream, headerBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
        checksum.Append(Frames.SignatureOf(headerBuffer, header));
        if (checksum.GetCurrentHashAsUInt64() != Frames.DeclaredChecksum(headerBuffer, header))
        {
            throw Frames.ChecksumMismatch();
        }

        if (signature is not null)
        {
            Span<byte> expected = stackalloc byte[FrameHeader.SignatureLength];
            signature.GetHashAndReset(expected);
            Frames.CheckSignature(expected, Frames.SignatureOf(headerBuffer, header));
        }

        try
        {
            return destination.Complete();
        }
        catch (Exception e) when (Frames.IsContentError(e))
        {
            throw Frames.LoadError(header, root.RootType, e);
        }
    }

    /// <summary>
    /// Deserializes a large uncompressed payload while computing its checksum (see <see cref="PayloadVerifier"/>). A
    /// frame whose checksum does not match is reported as damaged, whether the serializer returned a value or failed.
    /// </summary>
    private static T DeserializeVerifying<T>(byte[] headerBuffer, FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions? givenOptions)
    {
        using var verifier = PayloadVerifier.Begin(headerBuffer.AsSpan(0, header.Length), payload.First);
        T value;
        try
        {
            value = Frames.Deserialize<T>(header, payload, givenOptions);
        }
        catch (Exception e) when (e is not OperationCanceledException && verifier.Finish(Frames.SignatureOf(headerBuffer, header)) != Frames.DeclaredChecksum(headerBuffer, header))
        {
            throw FrameHeader.Damaged("its checksum does not match its contents", e);
        }

        if (verifier.Finish(Frames.SignatureOf(headerBuffer, header)) != Frames.DeclaredChecksum(headerBuffer, header))
        {
            throw Frames.ChecksumMismatch();
        }

        return value;
    }
}
