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
/// that loads a pickle of its own) get their own verifier and restore the outer one.
/// </remarks>
internal sealed class PayloadVerifier : IDisposable
{
    /// <summary>Blocks smaller than this are copied as usual and hashed with the bytes around them.</summary>
    public const int MinimumBlock = 64 * 1024;

    private const int Chunk = 64 * 1024;

    [ThreadStatic]
    private static PayloadVerifier? t_current;

    private readonly PayloadVerifier? _previous;
    private readonly XxHash3 _hash = new();
    private readonly ReadOnlyMemory<byte> _payload;
    private int _hashed;

    private PayloadVerifier(ReadOnlySpan<byte> header, ReadOnlyMemory<byte> payload)
    {
        _hash.Append(header);
        _payload = payload;
        _previous = t_current;
        t_current = this;
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
        _hash.Append(_payload.Span[_hashed..]);
        _hashed = _payload.Length;
        _hash.Append(signature);
        return _hash.GetCurrentHashAsUInt64();
    }

    public void Dispose() => t_current = _previous;
}
