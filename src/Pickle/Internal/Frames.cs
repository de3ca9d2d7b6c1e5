using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Pickling.Internal;

/// <summary>Writes and reads whole frames; the facade's methods are thin wrappers around these.</summary>
internal static class Frames
{
    private const int FirstUnverifiedBlock = 64 * 1024;
    private const int LargestUnverifiedBlock = 64 * 1024 * 1024;

    public static readonly string WriterVersion = GetWriterVersion();

    // One hasher per thread, reset for each frame: a new XxHash3 allocates about 570 bytes, as much as the rest of a
    // small dump or load together. Only Checksum uses it, synchronously.
    [ThreadStatic]
    private static XxHash3? _hasher;

    /// <summary>Serializes <paramref name="value"/> into a complete frame held in memory.</summary>
    public static OutgoingFrame Create<T>(T value, PickleOptions options)
    {
        var serializer = options.Serializer;
        var format = CheckFormatName(serializer);
        var payload = new SegmentedBuffer();
        try
        {
            serializer.Serialize(payload, value, options);
        }
        catch (Exception e) when (IsContentError(e))
        {
            payload.Dispose();
            throw new PickleException(
                $"Could not dump the {TypeNames.Of(value?.GetType() ?? typeof(T))}: {RootMessage(e)}", e);
        }
        catch
        {
            payload.Dispose();
            throw;
        }

        var codec = options.Compression ?? PickleCompression.None;
        if (codec != PickleCompression.None)
        {
            using var uncompressed = payload;
            payload = PayloadCompression.Compress(uncompressed, codec);
        }

        return new OutgoingFrame(format, TypeNames.Of(value?.GetType() ?? typeof(T)), payload, options);
    }

    /// <summary>
    /// Reads one frame, leaving the stream just after it. Returns <see langword="null"/> if the stream ends
    /// before the frame's first byte. Completes synchronously when <paramref name="useAsync"/> is false.
    /// </summary>
    public static async ValueTask<IncomingFrame?> ReadAsync(Stream stream, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        var headerBuffer = ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength + FrameHeader.ChecksumLength + FrameHeader.SignatureLength);
        SegmentedBuffer? payload = null;
        try
        {
            var have = 0;
            int needed;
            while ((needed = FrameHeader.BytesNeeded(headerBuffer.AsSpan(0, have))) > have)
            {
                var got = await ReadAtLeastAsync(stream, headerBuffer.AsMemory(have, needed - have), useAsync, cancellationToken).ConfigureAwait(false);
                if (have == 0 && got == 0)
                {
                    return null;
                }

                have += got;
                if (have < needed)
                {
                    throw FrameHeader.Truncated("in its header");
                }
            }

            var header = FrameHeader.Parse(headerBuffer.AsSpan(0, have), options.MaxPayloadSize);
            var verified = CheckRemaining(stream, header);
            payload = new SegmentedBuffer();
            var remaining = header.PayloadLength;
            while (remaining > 0)
            {
                var preferred = verified
                    ? (int)Math.Min(remaining, Array.MaxLength)
                    : (int)Math.Min(remaining, Math.Clamp(payload.Length, FirstUnverifiedBlock, LargestUnverifiedBlock));
                var block = payload.GetMemory(1, preferred);
                block = block[..(int)Math.Min(block.Length, remaining)];
                var got = useAsync
                    ? await stream.ReadAsync(block, cancellationToken).ConfigureAwait(false)
                    : stream.Read(block.Span);
                if (got == 0)
                {
                    throw FrameHeader.Truncated($"{header.PayloadLength - remaining:N0} of its {header.PayloadLength:N0} payload bytes were read");
                }

                payload.Advance(got);
                remaining -= got;
            }

            // The trailer: the signature (signed frames only), then the checksum over everything before it.
            var trailer = headerBuffer.AsMemory(header.Length, header.TrailerLength);
            if (await ReadAtLeastAsync(stream, trailer, useAsync, cancellationToken).ConfigureAwait(false) < trailer.Length)
            {
                throw FrameHeader.Truncated(header.IsSigned ? "in its signature or checksum" : "in its checksum");
            }

            var signature = trailer.Span[..^FrameHeader.ChecksumLength];
            if (Checksum(headerBuffer.AsSpan(0, header.Length), payload, signature) != BinaryPrimitives.ReadUInt64LittleEndian(trailer.Span[^FrameHeader.ChecksumLength..]))
            {
                throw FrameHeader.Damaged("its checksum does not match its contents");
            }

            CheckSignature(headerBuffer.AsSpan(0, header.Length), payload, signature, header, options);

            if (header.Compression != PickleCompression.None)
            {
                using var stored = payload;
                payload = PayloadCompression.Decompress(stored, header.Compression, options.MaxPayloadSize);
            }

            var frame = new IncomingFrame(header, payload);
            payload = null;
            return frame;
        }
        finally
        {
            payload?.Dispose();
            ArrayPool<byte>.Shared.Return(headerBuffer);
        }
    }

    /// <summary>The XXH3-64 of a frame's header, payload and signature (empty if unsigned): the value of its checksum.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> header, SegmentedBuffer payload, ReadOnlySpan<byte> signature)
    {
        var hash = _hasher ??= new XxHash3();
        hash.Reset();
        hash.Append(header);
        foreach (var block in payload.Blocks)
        {
            hash.Append(block.Span);
        }

        hash.Append(signature);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Reads the frame's payload with the serializer its format names.</summary>
    public static T Deserialize<T>(IncomingFrame frame, PickleOptions? givenOptions)
    {
        var options = ChooseOptions(frame.Header, givenOptions);
        try
        {
            return options.Serializer.Deserialize<T>(frame.Payload.AsSequence(), options);
        }
        catch (Exception e) when (IsContentError(e) || e is IOException)
        {
            // The payload is already in memory, so an IOException here (MessagePack's EndOfStreamException for a
            // value cut short) is about the content, not the stream.
            throw new PickleException(
                $"The pickle holds a {frame.Header.TypeName} in format '{frame.Header.Format}' that could not be loaded as {TypeNames.Of(typeof(T))}: {RootMessage(e)} " +
                "Load it as the type it was dumped as (or a compatible version of it).", e);
        }
    }

    /// <summary>Errors that come from the content, which Pickle reports as a <see cref="PickleException"/>.</summary>
    public static bool IsContentError(Exception e) =>
        e is not (PickleException or OperationCanceledException or OutOfMemoryException or IOException);

    /// <summary>The message of the error that started it all, past the wrappers that type initializers and MessagePack add.</summary>
    public static string RootMessage(Exception e)
    {
        while (e.InnerException is { } inner && e is TypeInitializationException or System.Reflection.TargetInvocationException or global::MessagePack.MessagePackSerializationException)
        {
            e = inner;
        }

        return e.Message;
    }

    private static PickleOptions ChooseOptions(FrameHeader header, PickleOptions? givenOptions)
    {
        var options = givenOptions ?? PickleOptions.Default;
        if (string.Equals(options.Serializer.Format, header.Format, StringComparison.Ordinal))
        {
            return options;
        }

        if (givenOptions is null && BuiltInSerializer(header.Format) is { } builtIn)
        {
            return options with { Serializer = builtIn };
        }

        throw new PickleException(
            $"The pickle holds format '{header.Format}', but the options use the serializer {options.Serializer.GetType().Name} with format '{options.Serializer.Format}'. " +
            $"Load it with options whose Serializer reads '{header.Format}'" +
            (BuiltInSerializer(header.Format) is { } known ? $" ({known.GetType().Name}), or with no options to pick it automatically." : "."));
    }

    private static IPickleSerializer? BuiltInSerializer(string format) => format switch
    {
        MessagePackPickleSerializer.FormatName => MessagePackPickleSerializer.Default,
        SystemTextJsonPickleSerializer.FormatName => SystemTextJsonPickleSerializer.Default,
        _ => null,
    };

    private static bool CheckRemaining(Stream stream, FrameHeader header)
    {
        long left;
        try
        {
            if (!stream.CanSeek)
            {
                return false;
            }

            left = stream.Length - stream.Position;
        }
        catch (NotSupportedException)
        {
            return false;
        }

        if (header.PayloadLength > left - header.TrailerLength)
        {
            throw FrameHeader.Truncated($"it declares {header.PayloadLength:N0} payload bytes and a trailer of {header.TrailerLength} bytes, but only {left:N0} bytes remain");
        }

        return true;
    }

    /// <summary>
    /// With a signing key, the frame must carry an HMAC-SHA256 of its header and payload made with that key.
    /// Without one, a signature is skipped.
    /// </summary>
    private static void CheckSignature(ReadOnlySpan<byte> headerBytes, SegmentedBuffer payload, ReadOnlySpan<byte> signature, FrameHeader header, PickleOptions options)
    {
        if (!options.HasSigningKey)
        {
            return;
        }

        if (!header.IsSigned)
        {
            throw new PickleException(
                "The pickle is not signed, but the options require a signature (PickleOptions.SigningKey is set). " +
                "Only load it if you trust where it came from, with options that have no SigningKey; otherwise ask for a signed copy.");
        }

        Span<byte> expected = stackalloc byte[FrameHeader.SignatureLength];
        Signature.Compute(options.SigningKeySpan, headerBytes, payload, expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            throw new PickleException(
                "The pickle's signature does not match: it was altered after it was signed, or signed with a different key. " +
                "Do not load it; check that the options use the key it was signed with.");
        }
    }

    private static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken) =>
        useAsync
            ? await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
            : stream.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false);

    private static string CheckFormatName(IPickleSerializer serializer)
    {
        var format = serializer.Format;
        if (string.IsNullOrEmpty(format) || format.Length > FrameHeader.MaxFormatLength || !format.All(c => c is > ' ' and < (char)127))
        {
            throw new PickleException(
                $"The serializer {serializer.GetType().Name} has the format name '{format}', which is not 1 to {FrameHeader.MaxFormatLength} printable ASCII characters. Give its Format property a short, stable name such as \"msgpack\".");
        }

        return format;
    }

    private static string GetWriterVersion()
    {
        var version = typeof(Frames).Assembly.GetName().Version ?? new Version(0, 0, 0);
        return version.ToString(3);
    }
}

/// <summary>A frame read from a stream: its header and its checked payload. Disposing it returns the payload's buffers.</summary>
internal sealed class IncomingFrame(FrameHeader header, SegmentedBuffer payload) : IDisposable
{
    public FrameHeader Header { get; } = header;

    public SegmentedBuffer Payload { get; } = payload;

    public void Dispose() => Payload.Dispose();
}

/// <summary>A complete frame in memory, ready to be written. Disposing it returns the payload's buffers.</summary>
internal sealed class OutgoingFrame : IDisposable
{
    private readonly byte[] _header;
    private readonly int _headerLength;
    private readonly SegmentedBuffer _payload;
    private readonly byte[] _trailer;

    public OutgoingFrame(string format, string typeName, SegmentedBuffer payload, PickleOptions options)
    {
        _payload = payload;
        _header = ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength);
        var flags = (byte)((options.HasSigningKey ? FrameHeader.SignedFlag : 0) | PayloadCompression.ToFlags(options.Compression ?? PickleCompression.None));
        _headerLength = FrameHeader.Write(_header, flags, format, typeName, Frames.WriterVersion, payload.Length);
        _trailer = new byte[(options.HasSigningKey ? FrameHeader.SignatureLength : 0) + FrameHeader.ChecksumLength];
        var header = _header.AsSpan(0, _headerLength);
        var signature = _trailer.AsSpan(0, _trailer.Length - FrameHeader.ChecksumLength);
        if (options.HasSigningKey)
        {
            Signature.Compute(options.SigningKeySpan, header, payload, signature);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(_trailer.AsSpan(signature.Length), Frames.Checksum(header, payload, signature));
    }

    public long Length => _headerLength + _payload.Length + _trailer.Length;

    public async ValueTask WriteToAsync(Stream stream, bool useAsync, CancellationToken cancellationToken)
    {
        foreach (var block in Blocks())
        {
            if (useAsync)
            {
                await stream.WriteAsync(block, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                stream.Write(block.Span);
            }
        }
    }

    public byte[] ToArray()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var destination = bytes.AsSpan();
        foreach (var block in Blocks())
        {
            block.Span.CopyTo(destination);
            destination = destination[block.Length..];
        }

        return bytes;
    }

    public void Dispose()
    {
        _payload.Dispose();
        ArrayPool<byte>.Shared.Return(_header);
    }

    private IEnumerable<ReadOnlyMemory<byte>> Blocks()
    {
        yield return _header.AsMemory(0, _headerLength);
        foreach (var block in _payload.Blocks)
        {
            yield return block;
        }

        yield return _trailer;
    }
}

/// <summary>The HMAC-SHA256 that signs a frame: over its header and payload, in that order.</summary>
internal static class Signature
{
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, SegmentedBuffer payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(header);
        foreach (var block in payload.Blocks)
        {
            hmac.AppendData(block.Span);
        }

        hmac.GetHashAndReset(destination);
    }
}
