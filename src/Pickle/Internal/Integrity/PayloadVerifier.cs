using System.Buffers;
using System.IO.Hashing;

namespace Pickling.Internal;

/// <summary>
/// Checks a large payload's checksum while the serializer reads it, rather than in a pass of its own before: each
/// large block of array data is hashed just after it is copied into its array, while it is still in the processor's
/// cache, and the bytes between blocks are hashed when the next block comes or at the end. The hash covers exactly
/// the bytes of the frame, in order, so it matches the writer's. See FORMAT.md, "Checksum".
/// </summary>
/// <remarks>
/// Active for the current thread between <see cref="Begin"/> and <see cref="Dispose"/>; nested loads (a converter
/// that loads a pickle of its own) get their own verifier and restore the outer one. On a machine with more than one
/// processor, a payload of <see cref="BackgroundPayload"/> or more is hashed on another thread instead, at the same
/// time as the serializer reads it; <see cref="Finish"/> then waits for that hash.
/// </remarks>
internal sealed class PayloadVerifier : IDisposable
{
    /// <summary>Blocks smaller than this are copied as usual and hashed with the bytes around them.</summary>
    public const int MinimumBlock = 4 * 1024;

    /// <summary>Payloads from this size on are hashed on another thread, if there is a processor for it.</summary>
    public const int BackgroundPayload = 4 * 1024 * 1024;

    private const int Chunk = 64 * 1024;

    [ThreadStatic]
    private static PayloadVerifier? t_current;

    private readonly PayloadVerifier? _previous;
    private readonly XxHash3 _hash = new();
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly HelpOrWait? _background;
    private int _hashed;

    private PayloadVerifier(ReadOnlySpan<byte> header, ReadOnlyMemory<byte> payload)
    {
        _hash.Append(header);
        _payload = payload;
        _previous = t_current;
        if (payload.Length >= BackgroundPayload && Environment.ProcessorCount > 1)
        {
            _hashed = payload.Length;
            _background = new HelpOrWait(() => _hash.Append(_payload.Span));
        }
        else
        {
            t_current = this;
        }
    }

    /// <summary>The verifier of the load running on this thread, if it checks its payload as it goes.</summary>
    public static PayloadVerifier? Current => t_current;

    /// <summary>Starts verifying <paramref name="payload"/>, one contiguous block, on this thread.</summary>
    public static PayloadVerifier Begin(ReadOnlySpan<byte> header, ReadOnlyMemory<byte> payload) => new(header, payload);

    /// <summary>
    /// Copies <paramref name="source"/> into <paramref name="destination"/> (of the same length) and hashes the copy,
    /// if <paramref name="source"/> is the payload's next unhashed run of bytes or lies after it; otherwise does
    /// nothing and returns false, and the caller copies as usual.
    /// </summary>
    public bool TryCopy(ReadOnlySequence<byte> source, Span<byte> destination)
    {
        if (destination.Length < MinimumBlock || !source.IsSingleSegment || source.Length != destination.Length)
        {
            return false;
        }

        var payload = _payload.Span;
        var from = source.FirstSpan;
        if (!payload.Overlaps(from, out var offset) || offset < _hashed || (long)offset + from.Length > payload.Length)
        {
            return false;
        }

        _hash.Append(payload[_hashed..offset]);
        for (var done = 0; done < from.Length; done += Chunk)
        {
            var length = Math.Min(Chunk, from.Length - done);
            var block = destination.Slice(done, length);
            from.Slice(done, length).CopyTo(block);
            _hash.Append(block);
        }

        _hashed = offset + from.Length;
        return true;
    }

    /// <summary>Hashes the rest of the payload and the signature; returns the frame's checksum.</summary>
    public ulong Finish(ReadOnlySpan<byte> signature)
    {
        _background?.Complete();
        _hash.Append(_payload.Span[_hashed..]);
        _hashed = _payload.Length;
        _hash.Append(signature);
        return _hash.GetCurrentHashAsUInt64();
    }

    /// <summary>Waits for a hash running in the background (the payload's buffers may be reused after this), and stops verifying on this thread.</summary>
    public void Dispose()
    {
        _background?.Stop();
        t_current = _previous;
    }
}
