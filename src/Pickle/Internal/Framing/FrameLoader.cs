using System.Buffers;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal;

/// <summary>
/// Loads the value of one frame from a stream: the path every <c>Load</c> of the facade takes. Small frames are read
/// whole and verified before the serializer sees them. Large ones avoid passes over their bytes that are not needed:
/// from a stream of known length (a file), a payload that is one array is read straight into the array, and any other
/// has its large arrays read straight into theirs (<see cref="ScatteredPayload"/>), hashed as they arrive; a payload
/// already in memory has its checksum computed while the serializer reads it. Either way the value is returned only
/// once the frame's checksum (and, with a signing key, its signature) has matched.
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

            if (!Frames.CanBorrow(stream) && CanStream(stream, header, givenOptions, options))
            {
                var prefix = ReadOnlyMemory<byte>.Empty;
                if (BlitRoot.For<T>() is { } root && header.PayloadLength >= root.PrefixLength)
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

                using var hash = new FrameHash(headerBuffer.AsSpan(0, header.Length), options, inBackground: !useAsync && header.PayloadLength >= PayloadVerifier.BackgroundPayload);
                payload = await ScatteredPayload.ReadAsync(stream, header, prefix, hash, useAsync, cancellationToken).ConfigureAwait(false);
                await Frames.ReadTrailerAsync(stream, headerBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
                hash.Check(headerBuffer, header);
                return (true, Frames.Deserialize<T>(header, payload.AsSequence(), givenOptions));
            }

            // A MemoryStream's payload is used where it lies; any other is read into pooled buffers.
            ReadOnlySequence<byte> sequence;
            if (Frames.TryBorrow(stream, header.PayloadLength, out var borrowed))
            {
                sequence = new ReadOnlySequence<byte>(borrowed);
            }
            else
            {
                payload = await Frames.ReadPayloadAsync(stream, header, useAsync, cancellationToken).ConfigureAwait(false);
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
    /// Whether the payload may be read with its large blits straight into their arrays (a payload that is one blit,
    /// or <see cref="ScatteredPayload"/>): a large uncompressed msgpack payload read by the default serializer, signed
    /// if the options require a signature, from a stream that is known to hold it all (an array is allocated only for
    /// bytes that are there). The caller excludes a payload already in memory (a MemoryStream's): it is copied into
    /// its arrays in one go while its checksum is computed beside it.
    /// </summary>
    private static bool CanStream(Stream stream, FrameHeader header, PickleOptions? givenOptions, PickleOptions options) =>
        BitConverter.IsLittleEndian
        && header.Compression == PickleCompression.None
        && header.PayloadLength >= LargePayload
        && string.Equals(header.Format, MessagePackPickleSerializer.FormatName, StringComparison.Ordinal)
        && (givenOptions is null || givenOptions.Serializer is MessagePackPickleSerializer)
        && (!options.HasSigningKey || header.IsSigned)
        && Frames.CheckRemaining(stream, header);

    /// <summary>Reads the elements of a one-blit payload into their storage, hashing them as they come, then checks the trailer.</summary>
    private static async ValueTask<object> ReadBlitAsync(
        Stream stream, byte[] headerBuffer, FrameHeader header, BlitRoot root, byte[] prefix, BlitDestination destination, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        // A synchronous load of an array it can lend out hashes it on another thread while the next chunk is read.
        var inBackground = !useAsync && header.PayloadLength >= PayloadVerifier.BackgroundPayload && destination.MemoryOf(0, 0) is not null;
        using var hash = new FrameHash(headerBuffer.AsSpan(0, header.Length), options, inBackground);
        hash.Append(prefix);
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
                    throw header.PayloadTruncated(prefix.Length + offset);
                }

                if (inBackground)
                {
                    hash.Append(destination.MemoryOf(offset, got)!.Value);
                }
                else
                {
                    hash.AppendNow(destination.Bytes(offset, got));
                }

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
        hash.Check(headerBuffer, header);

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
