using System.IO.Hashing;
using System.Security.Cryptography;

namespace Pickling.Internal;

/// <summary>
/// A frame's checksum, and its signature when the options have a signing key, computed as the payload is read from
/// the stream rather than in a pass of their own: the caller appends the payload's bytes in order as they arrive,
/// then checks both against the trailer.
/// </summary>
/// <remarks>
/// Given a payload of <see cref="PayloadVerifier.BackgroundPayload"/> or more on a machine with more than one
/// processor, the hashes are computed on another thread while the caller goes on reading (a synchronous load's
/// thread would otherwise wait for the stream, then hash). The bytes appended must then stay as they are until
/// <see cref="Check"/> or <see cref="Dispose"/>, which wait for that thread.
/// </remarks>
internal sealed class FrameHash : IDisposable
{
    private readonly XxHash3 _checksum = new();
    private readonly IncrementalHash? _signature;
    private readonly HelpOrWait? _background;
    private readonly Queue<ReadOnlyMemory<byte>> _queued = new();
    private bool _ended;

    /// <summary>Starts the hashes with the frame's header; <paramref name="inBackground"/> allows hashing on another thread.</summary>
    public FrameHash(ReadOnlySpan<byte> header, PickleOptions options, bool inBackground = false)
    {
        _checksum.Append(header);
        if (options.HasSigningKey)
        {
            _signature = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, options.SigningKeySpan);
            _signature.AppendData(header);
        }

        if (inBackground && Environment.ProcessorCount > 1)
        {
            _background = new HelpOrWait(HashQueued);
        }
    }

    /// <summary>Adds the payload's next bytes, now or, in the background, later (they must not change until then).</summary>
    public void Append(ReadOnlyMemory<byte> bytes)
    {
        if (_background is null)
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

    /// <summary>Adds the payload's next bytes now; for a hash made without <c>inBackground</c>.</summary>
    public void AppendNow(ReadOnlySpan<byte> bytes)
    {
        if (_background is not null)
        {
            throw new InvalidOperationException("A hash computed in the background takes memory that stays as it is until it is checked.");
        }

        Hash(bytes);
    }

    /// <summary>
    /// Once the whole payload is appended and the trailer read into <paramref name="headerBuffer"/>, checks the
    /// checksum, then the signature if the options have a key; a mismatch is a <see cref="PickleException"/>.
    /// </summary>
    public void Check(byte[] headerBuffer, FrameHeader header)
    {
        if (_background is not null)
        {
            End(discard: false);
            _background.Complete();
        }

        _checksum.Append(Frames.SignatureOf(headerBuffer, header));
        if (_checksum.GetCurrentHashAsUInt64() != Frames.DeclaredChecksum(headerBuffer, header))
        {
            throw Frames.ChecksumMismatch();
        }

        if (_signature is not null)
        {
            Frames.CheckSigned(header);
            Span<byte> expected = stackalloc byte[FrameHeader.SignatureLength];
            _signature.GetHashAndReset(expected);
            Frames.CheckSignature(expected, Frames.SignatureOf(headerBuffer, header));
        }
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

    /// <summary>Stops hashing in the background and frees the signature's hash.</summary>
    public void Dispose()
    {
        Stop();
        _signature?.Dispose();
    }

    private void End(bool discard)
    {
        lock (_queued)
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
            lock (_queued)
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
