using System.Buffers;

namespace Pickling.Internal;

/// <summary>
/// The one frame reader: every load of the facade and the <c>pickle</c> tool read frames here. It reads the header,
/// lets <see cref="FramePlan"/> decide once where the payload comes from, and gives the serializer only bytes whose
/// checksum (and, with a signing key, signature) has matched, or, for a large payload, checks them while the
/// serializer reads and returns the value only once they match. Errors a serializer throws become a
/// <see cref="PickleException"/> here, at one boundary.
/// </summary>
internal static class FrameReader
{
    /// <summary>A buffer for a frame's header followed by its trailer; return it to the shared pool.</summary>
    public static byte[] RentFrameBuffer() =>
        ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength + FrameHeader.ChecksumLength + FrameHeader.SignatureLength);

    /// <summary>
    /// Reads the next frame of <paramref name="stream"/> as a <typeparamref name="T"/>, leaving the stream just after
    /// it. Returns false if the stream ends before the frame's first byte. Completes synchronously when
    /// <paramref name="useAsync"/> is false. A damaged frame's error names the frame where <paramref name="cursor"/>
    /// (which moves past the frame once it is read) or the stream's position says it is.
    /// </summary>
    public static async ValueTask<(bool Found, T Value)> LoadAsync<T>(
        Stream stream, PickleOptions? givenOptions, FrameCursor? cursor, bool useAsync, CancellationToken cancellationToken)
    {
        var offset = cursor?.Offset ?? StreamBytes.Position(stream);
        try
        {
            var (found, value, header) = await LoadFrameAsync<T>(stream, givenOptions, useAsync, cancellationToken).ConfigureAwait(false);
            if (found)
            {
                cursor?.Advance(header);
            }

            return (found, value);
        }
        catch (PickleDamagedException e)
        {
            e.Locate(cursor?.Index, offset);
            throw;
        }
    }

    private static async ValueTask<(bool Found, T Value, FrameHeader Header)> LoadFrameAsync<T>(
        Stream stream, PickleOptions? givenOptions, bool useAsync, CancellationToken cancellationToken)
    {
        var options = givenOptions ?? PickleOptions.Default;
        var frameBuffer = RentFrameBuffer();
        SegmentedBuffer? owned = null;
        try
        {
            if (await ReadHeaderAsync(stream, frameBuffer, options.MaxPayloadSize, useAsync, cancellationToken).ConfigureAwait(false) is not { } header)
            {
                return (false, default!, default);
            }

            var chosen = SerializerChoice.TryChoose(header, givenOptions);
            var source = FramePlan.SourceFor(stream, header, options, chosen?.Serializer);
            if (source == PayloadSource.Streamed)
            {
                var streamed = new StreamedPayload(stream, header, frameBuffer, options);
                try
                {
                    return (true, await ((IStreamingPickleSerializer)chosen!.Serializer).ReadAsync<T>(streamed, chosen, useAsync, cancellationToken).ConfigureAwait(false), header);
                }
                catch (Exception e) when (PickleErrors.Loading(e, header.TypeName, header.Format, typeof(T), payloadInMemory: false) is { } error)
                {
                    throw error;
                }
            }

            (var payload, owned) = await ReadPayloadAsync(stream, header, source, useAsync, cancellationToken).ConfigureAwait(false);
            await FrameTrailer.ReadAsync(stream, frameBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
            return (true, LoadPayload<T>(frameBuffer.AsSpan(0, header.Length), frameBuffer.AsSpan(header.Length, header.TrailerLength), wholeFrame: default, header, payload, ref owned, givenOptions, chosen), header);
        }
        finally
        {
            owned?.Dispose();
            ArrayPool<byte>.Shared.Return(frameBuffer);
        }
    }

    /// <summary>
    /// Loads the one frame at the start of <paramref name="data"/> as a <typeparamref name="T"/>, with the checks of a
    /// load from a stream, and gives its length. The frame is read where it lies: its header and trailer are parsed and
    /// checked in place, and its checksum is computed over its bytes in one pass. A damaged frame's error names frame 1
    /// at offset 0. <paramref name="data"/> must not be empty.
    /// </summary>
    public static T LoadFromMemory<T>(ReadOnlyMemory<byte> data, PickleOptions? givenOptions, out long frameLength)
    {
        var options = givenOptions ?? PickleOptions.Default;
        try
        {
            var header = ReadHeader(data.Span, options.MaxPayloadSize);
            FramePlan.CheckFits(header, data.Length - header.Length);
            frameLength = header.FrameLength;
            var frame = data[..(int)frameLength];
            var payload = new ReadOnlySequence<byte>(frame.Slice(header.Length, (int)header.PayloadLength));
            var bytes = frame.Span;
            SegmentedBuffer? owned = null;
            try
            {
                return LoadPayload<T>(bytes[..header.Length], bytes[^header.TrailerLength..], bytes, header, payload, ref owned, givenOptions, SerializerChoice.TryChoose(header, givenOptions));
            }
            finally
            {
                owned?.Dispose();
            }
        }
        catch (PickleDamagedException e)
        {
            e.Locate(1, 0);
            throw;
        }
    }

    /// <summary>
    /// The rest of every load once a frame's header, payload and trailer are in memory: verifies the frame (over
    /// <paramref name="wholeFrame"/> in one pass when it is given, header to trailer in one span), decompresses the
    /// payload (into <paramref name="owned"/>, which the caller disposes) and deserializes it with the options
    /// <paramref name="chosen"/> for its format.
    /// </summary>
    private static T LoadPayload<T>(
        ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> trailer, ReadOnlySpan<byte> wholeFrame, in FrameHeader header, ReadOnlySequence<byte> payload,
        ref SegmentedBuffer? owned, PickleOptions? givenOptions, PickleOptions? chosen)
    {
        var options = givenOptions ?? PickleOptions.Default;
        if (FramePlan.VerifiesWhileDeserializing(header, payload.IsSingleSegment, options, chosen?.Serializer))
        {
            return DeserializeVerifying<T>(headerBytes, trailer, header, payload, chosen!);
        }

        if (wholeFrame.IsEmpty)
        {
            FrameTrailer.Verify(headerBytes, trailer, header, payload, options);
        }
        else
        {
            FrameHasher.CheckWhole(wholeFrame, options.SigningKeySpan, header.IsSigned);
        }

        AllocationBudget? budget = null;
        if (header.Compression != PickleCompression.None)
        {
            budget = AllocationBudget.For(options, header.PayloadLength);
            owned = Decompress(header, owned ?? Borrowing(payload), options, budget);
            payload = owned.AsSequence();
        }

        var reading = chosen ?? SerializerChoice.Choose(header, givenOptions);
        return Deserialize<T>(header, payload, budget?.PassOn(reading) ?? reading, verifier: null);
    }

    /// <summary>
    /// After <see cref="ReadHeaderAsync"/> has read <paramref name="header"/> into <paramref name="frameBuffer"/>, reads
    /// the rest of the frame and verifies it, leaving the stream just after it, for a reader that looks at the payload
    /// itself (the <c>pickle</c> tool).
    /// </summary>
    public static async ValueTask<IncomingFrame> ReadRestAsync(
        Stream stream, byte[] frameBuffer, FrameHeader header, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        var source = FramePlan.SourceFor(stream, header, options, serializer: null);
        var (payload, owned) = await ReadPayloadAsync(stream, header, source, useAsync, cancellationToken).ConfigureAwait(false);
        try
        {
            await FrameTrailer.ReadAsync(stream, frameBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
            FrameTrailer.Verify(frameBuffer, header, payload, options);
            owned = Decompress(header, owned ?? Borrowing(payload), options, AllocationBudget.For(options, header.PayloadLength));
            var frame = new IncomingFrame(header, owned);
            owned = null;
            return frame;
        }
        finally
        {
            owned?.Dispose();
        }
    }

    /// <summary>
    /// After <see cref="ReadHeaderAsync"/> has read <paramref name="header"/> into <paramref name="frameBuffer"/>, reads
    /// the rest of the frame without keeping it and checks it (its checksum and, with the options' key, its
    /// signature), leaving the stream just after it: a check whose memory is one block, whatever the frame's size.
    /// With <paramref name="copy"/>, every byte of the frame, header to trailer, is also written there as it is read,
    /// before it is checked.
    /// </summary>
    public static async ValueTask SkipAsync(
        Stream stream, byte[] frameBuffer, FrameHeader header, PickleOptions options, Stream? copy, bool useAsync, CancellationToken cancellationToken)
    {
        FramePlan.RemainingFor(stream, header);
        using var hasher = FrameHasher.Start(frameBuffer.AsSpan(0, header.Length), options.SigningKeySpan);
        await CopyAsync(copy, frameBuffer.AsMemory(0, header.Length), useAsync, cancellationToken).ConfigureAwait(false);
        var block = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(header.PayloadLength, 1, FramePlan.SkipBlock));
        try
        {
            var remaining = header.PayloadLength;
            while (remaining > 0)
            {
                var got = await StreamBytes.ReadAsync(stream, block.AsMemory(0, (int)Math.Min(block.Length, remaining)), useAsync, cancellationToken).ConfigureAwait(false);
                if (got == 0)
                {
                    throw header.PayloadTruncated(header.PayloadLength - remaining);
                }

                hasher.AppendNow(block.AsSpan(0, got));
                await CopyAsync(copy, block.AsMemory(0, got), useAsync, cancellationToken).ConfigureAwait(false);
                remaining -= got;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }

        await FrameTrailer.ReadAsync(stream, frameBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
        await CopyAsync(copy, frameBuffer.AsMemory(header.Length, header.TrailerLength), useAsync, cancellationToken).ConfigureAwait(false);
        FrameTrailer.Check(hasher, frameBuffer, header);
    }

    /// <summary>
    /// Reads and checks a frame's header into the start of <paramref name="frameBuffer"/>. Returns
    /// <see langword="null"/> if the stream ends before the frame's first byte.
    /// </summary>
    public static async ValueTask<FrameHeader?> ReadHeaderAsync(Stream stream, byte[] frameBuffer, long maxPayloadSize, bool useAsync, CancellationToken cancellationToken)
    {
        var have = 0;
        int needed;
        while ((needed = FrameHeader.BytesNeeded(frameBuffer.AsSpan(0, have))) > have)
        {
            var got = await StreamBytes.ReadAtLeastAsync(stream, frameBuffer.AsMemory(have, needed - have), useAsync, cancellationToken).ConfigureAwait(false);
            if (have == 0 && got == 0)
            {
                return null;
            }

            have += got;
            if (have < needed)
            {
                throw PickleErrors.Truncated("in its header");
            }
        }

        return FrameHeader.Parse(frameBuffer.AsSpan(0, have), maxPayloadSize);
    }

    /// <summary>
    /// Parses and checks the header at the start of <paramref name="data"/>, as <see cref="ReadHeaderAsync"/> reads one
    /// from a stream. All of the data is there to look at, so one look tells the header's whole length: the checks a
    /// stream's header meets as its bytes arrive are the same, made once.
    /// </summary>
    private static FrameHeader ReadHeader(ReadOnlySpan<byte> data, long maxPayloadSize)
    {
        var needed = FrameHeader.BytesNeeded(data);
        if (needed > data.Length)
        {
            throw PickleErrors.Truncated("in its header");
        }

        return FrameHeader.Parse(data[..needed], maxPayloadSize);
    }

    private static async ValueTask CopyAsync(Stream? copy, ReadOnlyMemory<byte> bytes, bool useAsync, CancellationToken cancellationToken)
    {
        if (copy is not null)
        {
            await StreamBytes.WriteAsync(copy, bytes, useAsync, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The payload as the serializer reads it: <paramref name="stored"/> itself, or its decompressed bytes (then <paramref name="stored"/> is disposed).</summary>
    private static SegmentedBuffer Decompress(FrameHeader header, SegmentedBuffer stored, PickleOptions options, AllocationBudget budget)
    {
        if (header.Compression == PickleCompression.None)
        {
            return stored;
        }

        using (stored)
        {
            return PayloadCompression.Decompress(stored, header.Compression, options.MaxPayloadSize, budget);
        }
    }

    /// <summary>
    /// The payload where <paramref name="source"/> says: a <see cref="MemoryStream"/>'s bytes where they lie (then the
    /// buffer is <see langword="null"/>), or pooled buffers the caller disposes.
    /// </summary>
    private static async ValueTask<(ReadOnlySequence<byte> Payload, SegmentedBuffer? Owned)> ReadPayloadAsync(
        Stream stream, FrameHeader header, PayloadSource source, bool useAsync, CancellationToken cancellationToken)
    {
        if (source == PayloadSource.Borrowed && StreamBytes.TryBorrow(stream, header.PayloadLength, out var borrowed))
        {
            return (new ReadOnlySequence<byte>(borrowed), null);
        }

        var lengthKnown = FramePlan.TrustsLength(stream);
        var payload = new SegmentedBuffer();
        try
        {
            var remaining = header.PayloadLength;
            while (remaining > 0)
            {
                var block = payload.GetMemory(1, FramePlan.NextPooledRead(remaining, payload.Length, lengthKnown));
                block = block[..(int)Math.Min(block.Length, remaining)];
                var got = await StreamBytes.ReadAsync(stream, block, useAsync, cancellationToken).ConfigureAwait(false);
                if (got == 0)
                {
                    throw header.PayloadTruncated(header.PayloadLength - remaining);
                }

                payload.Advance(got);
                remaining -= got;
            }

            return (payload.AsSequence(), payload);
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    private static SegmentedBuffer Borrowing(ReadOnlySequence<byte> payload)
    {
        var buffer = new SegmentedBuffer();
        foreach (var block in payload)
        {
            buffer.AppendBorrowed(block);
        }

        return buffer;
    }

    /// <summary>
    /// Deserializes a large payload in memory while its checksum is computed (see <see cref="PayloadVerifier"/>). A
    /// frame whose checksum does not match is reported as damaged, whether the serializer returned a value or failed.
    /// </summary>
    private static T DeserializeVerifying<T>(ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> trailer, FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions options)
    {
        using var hasher = FrameHasher.Start(headerBytes, options.SigningKeySpan, FramePlan.HashesInBackground(header.PayloadLength, useAsync: false, bytesStay: true));
        var verifier = new PayloadVerifier(hasher, payload.First, header.SignatureIn(trailer), header.ChecksumIn(trailer), header.IsSigned);
        var value = Deserialize<T>(header, payload, options, verifier);
        verifier.Check();
        return value;
    }

    /// <summary>Reads a payload with the chosen serializer; its errors become a <see cref="PickleException"/> (a damaged frame's first).</summary>
    private static T Deserialize<T>(in FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions options, PayloadVerifier? verifier)
    {
        try
        {
            return options.Serializer is IStreamingPickleSerializer framed
                ? framed.Deserialize<T>(payload, header.Version, verifier, options)
                : options.Serializer.Deserialize<T>(payload, options);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (verifier?.Matches() == false)
            {
                throw PickleErrors.ChecksumMismatch(e);
            }

            if (PickleErrors.Loading(e, header.TypeName, header.Format, typeof(T), payloadInMemory: true) is { } error)
            {
                throw error;
            }

            throw;
        }
    }
}
