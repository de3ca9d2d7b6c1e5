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
    /// Reads one frame and verifies it, leaving the stream just after it. Returns <see langword="null"/> if the stream
    /// ends before the frame's first byte. Completes synchronously when <paramref name="useAsync"/> is false.
    /// </summary>
    public static async ValueTask<IncomingFrame?> ReadAsync(Stream stream, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        var headerBuffer = RentHeaderBuffer();
        SegmentedBuffer? payload = null;
        try
        {
            if (await ReadHeaderAsync(stream, headerBuffer, options, useAsync, cancellationToken).ConfigureAwait(false) is not { } header)
            {
                return null;
            }

            payload = await ReadPayloadAsync(stream, header, useAsync, cancellationToken).ConfigureAwait(false);
            await ReadTrailerAsync(stream, headerBuffer, header, useAsync, cancellationToken).ConfigureAwait(false);
            Verify(headerBuffer, header, payload, options);
            payload = Decompress(header, payload, options);
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

    /// <summary>A buffer for a frame's header followed by its trailer; return it to the shared pool.</summary>
    public static byte[] RentHeaderBuffer() =>
        ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength + FrameHeader.ChecksumLength + FrameHeader.SignatureLength);

    /// <summary>
    /// Reads and checks a frame's header into the start of <paramref name="headerBuffer"/>. Returns
    /// <see langword="null"/> if the stream ends before the frame's first byte.
    /// </summary>
    public static async ValueTask<FrameHeader?> ReadHeaderAsync(Stream stream, byte[] headerBuffer, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
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

        return FrameHeader.Parse(headerBuffer.AsSpan(0, have), options.MaxPayloadSize);
    }

    /// <summary>
    /// Reads a frame's payload into pooled buffers. (Loads take a <see cref="MemoryStream"/>'s payload where it lies
    /// instead, <see cref="TryBorrow"/>, and read a large one from a file with <see cref="MessagePack.ScatteredPayload"/>.)
    /// </summary>
    public static async ValueTask<SegmentedBuffer> ReadPayloadAsync(Stream stream, FrameHeader header, bool useAsync, CancellationToken cancellationToken)
    {
        var verified = CheckRemaining(stream, header);
        var payload = new SegmentedBuffer();
        try
        {
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
                    throw header.PayloadTruncated(header.PayloadLength - remaining);
                }

                payload.Advance(got);
                remaining -= got;
            }

            return payload;
        }
        catch
        {
            payload.Dispose();
            throw;
        }
    }

    /// <summary>Reads a frame's trailer (signature, if signed, then checksum) into <paramref name="headerBuffer"/>, just after its header.</summary>
    public static async ValueTask ReadTrailerAsync(Stream stream, byte[] headerBuffer, FrameHeader header, bool useAsync, CancellationToken cancellationToken)
    {
        var trailer = headerBuffer.AsMemory(header.Length, header.TrailerLength);
        if (await ReadAtLeastAsync(stream, trailer, useAsync, cancellationToken).ConfigureAwait(false) < trailer.Length)
        {
            throw FrameHeader.Truncated(header.IsSigned ? "in its signature or checksum" : "in its checksum");
        }
    }

    /// <summary>The signature part of the trailer that <see cref="ReadTrailerAsync"/> read (empty if the frame is unsigned).</summary>
    public static ReadOnlySpan<byte> SignatureOf(byte[] headerBuffer, FrameHeader header) =>
        headerBuffer.AsSpan(header.Length, header.TrailerLength - FrameHeader.ChecksumLength);

    /// <summary>The checksum the trailer that <see cref="ReadTrailerAsync"/> read declares.</summary>
    public static ulong DeclaredChecksum(byte[] headerBuffer, FrameHeader header) =>
        BinaryPrimitives.ReadUInt64LittleEndian(headerBuffer.AsSpan(header.Length + header.TrailerLength - FrameHeader.ChecksumLength));

    /// <summary>Checks a whole frame's checksum, then its signature if the options require one.</summary>
    public static void Verify(byte[] headerBuffer, FrameHeader header, SegmentedBuffer payload, PickleOptions options) =>
        Verify(headerBuffer, header, payload.AsSequence(), options);

    /// <summary>Checks a whole frame's checksum, then its signature if the options require one.</summary>
    public static void Verify(byte[] headerBuffer, FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions options)
    {
        var headerBytes = headerBuffer.AsSpan(0, header.Length);
        var signature = SignatureOf(headerBuffer, header);
        if (Checksum(headerBytes, payload, signature) != DeclaredChecksum(headerBuffer, header))
        {
            throw ChecksumMismatch();
        }

        CheckSignature(headerBytes, payload, signature, header, options);
    }

    public static PickleException ChecksumMismatch() => FrameHeader.Damaged("its checksum does not match its contents");

    /// <summary>The payload a serializer reads: <paramref name="payload"/> itself, or its decompressed bytes (then <paramref name="payload"/> is disposed).</summary>
    public static SegmentedBuffer Decompress(FrameHeader header, SegmentedBuffer payload, PickleOptions options)
    {
        if (header.Compression == PickleCompression.None)
        {
            return payload;
        }

        using var stored = payload;
        return PayloadCompression.Decompress(stored, header.Compression, options.MaxPayloadSize);
    }

    /// <summary>The XXH3-64 of a frame's header, payload and signature (empty if unsigned): the value of its checksum.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> header, SegmentedBuffer payload, ReadOnlySpan<byte> signature) =>
        Checksum(header, payload.AsSequence(), signature);

    /// <summary>The XXH3-64 of a frame's header, payload and signature (empty if unsigned): the value of its checksum.</summary>
    public static ulong Checksum(ReadOnlySpan<byte> header, ReadOnlySequence<byte> payload, ReadOnlySpan<byte> signature)
    {
        var hash = _hasher ??= new XxHash3();
        hash.Reset();
        hash.Append(header);
        foreach (var block in payload)
        {
            hash.Append(block.Span);
        }

        hash.Append(signature);
        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Reads the frame's payload with the serializer its format names.</summary>
    public static T Deserialize<T>(IncomingFrame frame, PickleOptions? givenOptions) =>
        Deserialize<T>(frame.Header, frame.Payload.AsSequence(), givenOptions);

    /// <summary>Reads a payload with the serializer the frame's format names.</summary>
    public static T Deserialize<T>(FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions? givenOptions)
    {
        var options = ChooseOptions(header, givenOptions);
        try
        {
            return options.Serializer.Deserialize<T>(payload, options);
        }
        catch (Exception e) when (IsContentError(e) || e is IOException)
        {
            // The payload is already in memory, so an IOException here (MessagePack's EndOfStreamException for a
            // value cut short) is about the content, not the stream.
            throw LoadError(header, typeof(T), e);
        }
    }

    /// <summary>The error for a payload that could not be loaded as <paramref name="type"/>.</summary>
    public static PickleException LoadError(FrameHeader header, Type type, Exception e) =>
        new(
            $"The pickle holds a {header.TypeName} in format '{header.Format}' that could not be loaded as {TypeNames.Of(type)}: {RootMessage(e)} " +
            "Load it as the type it was dumped as (or a compatible version of it).",
            e);

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

    public static PickleOptions ChooseOptions(FrameHeader header, PickleOptions? givenOptions)
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

    /// <summary>
    /// The payload of an exact <see cref="MemoryStream"/> whose buffer is visible, by reference, with the stream moved
    /// past it. Subclasses may change what Read returns, so they are read like any stream.
    /// </summary>
    public static bool TryBorrow(Stream stream, long length, out ReadOnlyMemory<byte> payload)
    {
        payload = default;
        if (stream.GetType() != typeof(MemoryStream) || !((MemoryStream)stream).TryGetBuffer(out var buffer) || length > buffer.Count - stream.Position)
        {
            return false;
        }

        var position = (int)stream.Position;
        payload = buffer.AsMemory(position, (int)length);
        stream.Position = position + length;
        return true;
    }

    /// <summary>Whether <paramref name="stream"/> holds its bytes in a buffer that <see cref="TryBorrow"/> can use.</summary>
    public static bool CanBorrow(Stream stream) =>
        stream.GetType() == typeof(MemoryStream) && ((MemoryStream)stream).TryGetBuffer(out _);

    /// <summary>
    /// Whether the stream is known to hold the frame's payload and trailer from its position: false if its length is
    /// unknown (it cannot seek); a <see cref="PickleException"/> if it is known to be too short.
    /// </summary>
    public static bool CheckRemaining(Stream stream, FrameHeader header)
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
    private static void CheckSignature(ReadOnlySpan<byte> headerBytes, ReadOnlySequence<byte> payload, ReadOnlySpan<byte> signature, FrameHeader header, PickleOptions options)
    {
        if (!options.HasSigningKey)
        {
            return;
        }

        CheckSigned(header);
        Span<byte> expected = stackalloc byte[FrameHeader.SignatureLength];
        Signature.Compute(options.SigningKeySpan, headerBytes, payload, expected);
        CheckSignature(expected, signature);
    }

    /// <summary>With a signing key, the frame must be signed.</summary>
    public static void CheckSigned(FrameHeader header)
    {
        if (!header.IsSigned)
        {
            throw new PickleException(
                "The pickle is not signed, but the options require a signature (PickleOptions.SigningKey is set). " +
                "Only load it if you trust where it came from, with options that have no SigningKey; otherwise ask for a signed copy.");
        }
    }

    /// <summary>The frame's signature must be the one computed with the options' key.</summary>
    public static void CheckSignature(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> signature)
    {
        if (!CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            throw new PickleException(
                "The pickle's signature does not match: it was altered after it was signed, or signed with a different key. " +
                "Do not load it; check that the options use the key it was signed with.");
        }
    }

    public static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken) =>
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

/// <summary>
/// A complete frame in memory, ready to be written. Disposing it returns the payload's buffers. The trailer of a
/// small frame is computed at once; that of a large one while it is written (or copied), a slice at a time, so that
/// each slice is read from memory once for the checksum, any signature and the write together.
/// </summary>
internal sealed class OutgoingFrame : IDisposable
{
    /// <summary>Payloads from this size on get their trailer computed while they are written.</summary>
    public const int LargePayload = 1024 * 1024;

    private const int Slice = 1024 * 1024;

    private readonly byte[] _header;
    private readonly int _headerLength;
    private readonly SegmentedBuffer _payload;
    private readonly byte[] _trailer;
    private readonly PickleOptions _options;
    private bool _trailerDone;

    public OutgoingFrame(string format, string typeName, SegmentedBuffer payload, PickleOptions options)
    {
        _payload = payload;
        _options = options;
        _header = ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength);
        var flags = (byte)((options.HasSigningKey ? FrameHeader.SignedFlag : 0) | PayloadCompression.ToFlags(options.Compression ?? PickleCompression.None));
        _headerLength = FrameHeader.Write(_header, flags, format, typeName, Frames.WriterVersion, payload.Length);
        _trailer = new byte[(options.HasSigningKey ? FrameHeader.SignatureLength : 0) + FrameHeader.ChecksumLength];
        if (payload.Length < LargePayload)
        {
            var header = _header.AsSpan(0, _headerLength);
            var signature = _trailer.AsSpan(0, _trailer.Length - FrameHeader.ChecksumLength);
            if (options.HasSigningKey)
            {
                Signature.Compute(options.SigningKeySpan, header, payload, signature);
            }

            BinaryPrimitives.WriteUInt64LittleEndian(_trailer.AsSpan(signature.Length), Frames.Checksum(header, payload, signature));
            _trailerDone = true;
        }
    }

    public long Length => _headerLength + _payload.Length + _trailer.Length;

    public async ValueTask WriteToAsync(Stream stream, bool useAsync, CancellationToken cancellationToken)
    {
        using var trailer = _trailerDone ? null : new TrailerBuilder(this);
        foreach (var block in Blocks())
        {
            trailer?.Append(block.Span);
            if (useAsync)
            {
                await stream.WriteAsync(block, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                stream.Write(block.Span);
            }
        }

        trailer?.Finish();
        if (useAsync)
        {
            await stream.WriteAsync(_trailer, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stream.Write(_trailer);
        }
    }

    public byte[] ToArray()
    {
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)Length));
        var destination = bytes.AsSpan();
        using var trailer = _trailerDone ? null : new TrailerBuilder(this);
        foreach (var block in Blocks())
        {
            block.Span.CopyTo(destination);
            trailer?.Append(destination[..block.Length]);
            destination = destination[block.Length..];
        }

        trailer?.Finish();
        _trailer.CopyTo(destination);
        return bytes;
    }

    public void Dispose()
    {
        _payload.Dispose();
        ArrayPool<byte>.Shared.Return(_header);
    }

    /// <summary>The header, then the payload in slices of at most <see cref="Slice"/> bytes; not the trailer.</summary>
    private IEnumerable<ReadOnlyMemory<byte>> Blocks()
    {
        yield return _header.AsMemory(0, _headerLength);
        foreach (var block in _payload.Blocks)
        {
            for (var rest = block; !rest.IsEmpty; rest = rest[Math.Min(rest.Length, Slice)..])
            {
                yield return rest[..Math.Min(rest.Length, Slice)];
            }
        }
    }

    /// <summary>
    /// Computes the trailer of a large frame from its bytes, passed in order to <see cref="Append"/>; or, on a machine
    /// with more than one processor and a payload of <see cref="PayloadVerifier.BackgroundPayload"/> or more, on
    /// another thread while the frame is written. Disposing it waits for that thread, so that the payload's buffers
    /// are not returned while it reads them.
    /// </summary>
    private sealed class TrailerBuilder : IDisposable
    {
        private readonly OutgoingFrame _frame;
        private readonly XxHash3 _checksum = new();
        private readonly IncrementalHash? _signature;
        private readonly HelpOrWait? _background;

        public TrailerBuilder(OutgoingFrame frame)
        {
            _frame = frame;
            _signature = frame._options.HasSigningKey ? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, frame._options.SigningKeySpan) : null;
            if (frame._payload.Length >= PayloadVerifier.BackgroundPayload && Environment.ProcessorCount > 1)
            {
                _background = new HelpOrWait(() =>
                {
                    foreach (var block in frame.Blocks())
                    {
                        Hash(block.Span);
                    }
                });
            }
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (_background is null)
            {
                Hash(bytes);
            }
        }

        public void Finish()
        {
            _background?.Complete();
            var signature = _frame._trailer.AsSpan(0, _frame._trailer.Length - FrameHeader.ChecksumLength);
            _signature?.GetHashAndReset(signature);
            _checksum.Append(signature);
            BinaryPrimitives.WriteUInt64LittleEndian(_frame._trailer.AsSpan(signature.Length), _checksum.GetCurrentHashAsUInt64());
            _frame._trailerDone = true;
        }

        public void Dispose()
        {
            _background?.Stop();
            _signature?.Dispose();
        }

        private void Hash(ReadOnlySpan<byte> bytes)
        {
            _checksum.Append(bytes);
            _signature?.AppendData(bytes);
        }
    }
}

/// <summary>The HMAC-SHA256 that signs a frame: over its header and payload, in that order.</summary>
internal static class Signature
{
    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, SegmentedBuffer payload, Span<byte> destination) =>
        Compute(key, header, payload.AsSequence(), destination);

    public static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, ReadOnlySequence<byte> payload, Span<byte> destination)
    {
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(header);
        foreach (var block in payload)
        {
            hmac.AppendData(block.Span);
        }

        hmac.GetHashAndReset(destination);
    }
}
