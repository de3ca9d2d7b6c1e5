using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Pickling.Internal;

/// <summary>
/// The one hasher of a frame, for writing and for reading alike: the XXH3-64 checksum over the header, the payload and
/// the signature, and, with a signing key, the HMAC-SHA256 signature over the header and the payload (FORMAT.md,
/// "Checksum" and "Signature"). The caller appends the payload's bytes in order; a writer then completes the trailer
/// with <see cref="Finish"/>, a reader checks it with <see cref="Check"/>. A whole frame held in one span is sealed
/// with <see cref="Seal"/> and checked with <see cref="CheckWhole"/>, in one pass each: the same hashes, the same rules.
/// </summary>
/// <remarks>
/// Made with <c>inBackground</c> on a machine with more than one processor, the hashes are computed on another thread
/// while the caller goes on reading or writing; the bytes appended with <see cref="Append"/> must then stay as they are
/// until <see cref="Finish"/>, <see cref="Check"/>, <see cref="Stop"/> or <see cref="Dispose"/>, which wait for that
/// thread. Whether a frame is hashed in the background is decided by its caller's plan, not here.
/// </remarks>
internal sealed class FrameHasher : IDisposable
{
    // A new hasher allocates about 650 bytes, as much as the rest of a small dump or load together, so one spare plain
    // hasher (no key, not in the background) is kept for the next frame. It is a cache, not state: any frame may take
    // it, and a frame that finds none makes one.
    private static FrameHasher? s_spare;

    private readonly XxHash3 _checksum = new();
    private readonly IncrementalHash? _signature;
    private readonly HelpOrWait? _background;
    private readonly Queue<ReadOnlyMemory<byte>>? _queued;
    private bool _ended;
    private bool _disposed;

    private FrameHasher(ReadOnlySpan<byte> signingKey, bool inBackground)
    {
        if (!signingKey.IsEmpty)
        {
            _signature = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, signingKey);
        }

        if (inBackground && Environment.ProcessorCount > 1)
        {
            _queued = new Queue<ReadOnlyMemory<byte>>();
            _background = new HelpOrWait(HashQueued);
        }
    }

    private bool IsPlain => _signature is null && _background is null;

    /// <summary>Starts the hashes with the frame's header; <paramref name="signingKey"/> is empty for an unsigned frame.</summary>
    public static FrameHasher Start(ReadOnlySpan<byte> header, ReadOnlySpan<byte> signingKey, bool inBackground = false)
    {
        var hasher = signingKey.IsEmpty && !inBackground ? Interlocked.Exchange(ref s_spare, null) : null;
        if (hasher is null)
        {
            hasher = new FrameHasher(signingKey, inBackground);
        }
        else
        {
            hasher._disposed = false;
        }

        hasher._checksum.Append(header);
        hasher._signature?.AppendData(header);
        return hasher;
    }

    /// <summary>Whether the hashes are computed on another thread, so that appended bytes must stay as they are.</summary>
    public bool InBackground => _background is not null;

    /// <summary>Adds the payload's next bytes: now or, in the background, later (they must not change until then).</summary>
    public void Append(ReadOnlyMemory<byte> bytes)
    {
        if (_queued is null)
        {
            Hash(bytes.Span);
            return;
        }

        lock (_queued)
        {
            _queued.Enqueue(bytes);
            Monitor.Pulse(_queued);
        }
    }

    /// <summary>Adds the payload's next bytes now; for a hasher made without <c>inBackground</c>.</summary>
    public void AppendNow(ReadOnlySpan<byte> bytes)
    {
        if (_background is not null)
        {
            throw new InvalidOperationException("A hash computed in the background takes memory that stays as it is until it is checked.");
        }

        Hash(bytes);
    }

    /// <summary>
    /// For a writer, once the whole payload is appended: writes the signature (with a signing key) into
    /// <paramref name="signature"/>, whose length is the trailer's signature part, and returns the checksum.
    /// </summary>
    public ulong Finish(Span<byte> signature)
    {
        Drain();
        _signature?.GetHashAndReset(signature);
        _checksum.Append(signature);
        return _checksum.GetCurrentHashAsUInt64();
    }

    /// <summary>
    /// For a reader, once the whole payload is appended: checks the checksum the trailer declares, then, with a signing
    /// key, that the frame is signed with it. A mismatch is a <see cref="PickleException"/>.
    /// </summary>
    public void Check(ReadOnlySpan<byte> signature, ulong declaredChecksum, bool isSigned)
    {
        if (!ChecksumMatches(signature, declaredChecksum))
        {
            throw PickleErrors.ChecksumMismatch();
        }

        if (_signature is not null)
        {
            if (!isSigned)
            {
                throw PickleErrors.NotSigned();
            }

            Span<byte> expected = stackalloc byte[FrameHeader.SignatureLength];
            _signature.GetHashAndReset(expected);
            if (!CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                throw PickleErrors.SignatureMismatch();
            }
        }
    }

    /// <summary>
    /// Completes the trailer of a whole frame held in <paramref name="frame"/>, whose last bytes are the trailer: the
    /// signature over the header and payload (with a signing key), then the checksum over everything before it. The
    /// bytes are those <see cref="Finish"/> gives for the same frame appended in order.
    /// </summary>
    public static void Seal(Span<byte> frame, ReadOnlySpan<byte> signingKey)
    {
        var checksumStart = frame.Length - FrameHeader.ChecksumLength;
        if (!signingKey.IsEmpty)
        {
            var signatureStart = checksumStart - FrameHeader.SignatureLength;
            HMACSHA256.HashData(signingKey, frame[..signatureStart], frame[signatureStart..checksumStart]);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(frame[checksumStart..], XxHash3.HashToUInt64(frame[..checksumStart]));
    }

    /// <summary>
    /// For a reader of a whole frame held in <paramref name="frame"/>, header to trailer: the checks of
    /// <see cref="Check"/>, in the same order and with the same errors.
    /// </summary>
    public static void CheckWhole(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> signingKey, bool isSigned)
    {
        var checksumStart = frame.Length - FrameHeader.ChecksumLength;
        if (XxHash3.HashToUInt64(frame[..checksumStart]) != BinaryPrimitives.ReadUInt64LittleEndian(frame[checksumStart..]))
        {
            throw PickleErrors.ChecksumMismatch();
        }

        if (!signingKey.IsEmpty)
        {
            CheckSignature(frame[..checksumStart], signingKey, isSigned);
        }
    }

    /// <summary>The signature check of <see cref="CheckWhole"/>, over <paramref name="signed"/>, the frame up to its checksum.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CheckSignature(ReadOnlySpan<byte> signed, ReadOnlySpan<byte> signingKey, bool isSigned)
    {
        if (!isSigned)
        {
            throw PickleErrors.NotSigned();
        }

        var signatureStart = signed.Length - FrameHeader.SignatureLength;
        Span<byte> expected = stackalloc byte[FrameHeader.SignatureLength];
        HMACSHA256.HashData(signingKey, signed[..signatureStart], expected);
        if (!CryptographicOperations.FixedTimeEquals(expected, signed[signatureStart..]))
        {
            throw PickleErrors.SignatureMismatch();
        }
    }

    /// <summary>For a reader, once the whole payload is appended: whether the checksum the trailer declares matches (the signature is not checked).</summary>
    public bool ChecksumMatches(ReadOnlySpan<byte> signature, ulong declaredChecksum)
    {
        Drain();
        _checksum.Append(signature);
        return _checksum.GetCurrentHashAsUInt64() == declaredChecksum;
    }

    /// <summary>Stops hashing in the background, if it does: the bytes appended may be reused once this returns.</summary>
    public void Stop()
    {
        if (_background is not null)
        {
            End(discard: true);
            _background.Stop();
        }
    }

    /// <summary>Stops hashing in the background and frees the hashes.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Stop();
        _signature?.Dispose();
        if (IsPlain)
        {
            _checksum.Reset();
            s_spare = this;
        }
    }

    private void Drain()
    {
        if (_background is not null)
        {
            End(discard: false);
            _background.Complete();
        }
    }

    private void End(bool discard)
    {
        lock (_queued!)
        {
            if (discard)
            {
                _queued.Clear();
            }

            _ended = true;
            Monitor.PulseAll(_queued);
        }
    }

    /// <summary>The background work: hashes what is appended, in order, until the payload has ended.</summary>
    private void HashQueued()
    {
        while (true)
        {
            ReadOnlyMemory<byte> next;
            lock (_queued!)
            {
                while (_queued.Count == 0)
                {
                    if (_ended)
                    {
                        return;
                    }

                    Monitor.Wait(_queued);
                }

                next = _queued.Dequeue();
            }

            Hash(next.Span);
        }
    }

    private void Hash(ReadOnlySpan<byte> bytes)
    {
        _checksum.Append(bytes);
        _signature?.AppendData(bytes);
    }
}
