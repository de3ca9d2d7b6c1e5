using System.Buffers;

namespace Pickling.Internal;

/// <summary>
/// Checks a large payload held in memory while the serializer reads it, rather than in a pass of its own before: each
/// large block of array data is hashed just after it is copied into its array, while it is still in the processor's
/// cache, and the bytes between blocks are hashed when the next block comes or at the end. The hash covers exactly the
/// bytes of the frame, in order, so it matches the writer's. See FORMAT.md, "Checksum".
/// </summary>
/// <remarks>
/// The verifier is handed to the serializer for the one load it belongs to (nothing finds it through the thread).
/// Given a <see cref="FrameHasher"/> that hashes in the background, the whole payload is hashed on another thread at
/// the same time as the serializer reads it, and <see cref="TryCopy"/> leaves every copy to the caller.
/// </remarks>
internal sealed class PayloadVerifier
{
    /// <summary>Blocks smaller than this are copied as usual and hashed with the bytes around them.</summary>
    public const int MinimumBlock = 4 * 1024;

    private const int Chunk = 64 * 1024;

    private readonly FrameHasher _hasher;
    private readonly ReadOnlyMemory<byte> _payload;
    private readonly byte[] _signature;
    private readonly ulong _declaredChecksum;
    private readonly bool _isSigned;
    private int _hashed;

    /// <summary>
    /// Verifies <paramref name="payload"/>, one contiguous block, with <paramref name="hasher"/>, which has hashed the
    /// header, against the signature and checksum its frame's trailer declares.
    /// </summary>
    public PayloadVerifier(FrameHasher hasher, ReadOnlyMemory<byte> payload, ReadOnlySpan<byte> signature, ulong declaredChecksum, bool isSigned)
    {
        _hasher = hasher;
        _payload = payload;
        _signature = signature.ToArray();
        _declaredChecksum = declaredChecksum;
        _isSigned = isSigned;
        if (hasher.InBackground)
        {
            hasher.Append(payload);
            _hashed = payload.Length;
        }
    }

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

        _hasher.AppendNow(payload[_hashed..offset]);
        for (var done = 0; done < from.Length; done += Chunk)
        {
            var length = Math.Min(Chunk, from.Length - done);
            var block = destination.Slice(done, length);
            from.Slice(done, length).CopyTo(block);
            _hasher.AppendNow(block);
        }

        _hashed = offset + from.Length;
        return true;
    }

    /// <summary>Hashes the rest of the payload, then checks the frame's trailer (see <see cref="FrameHasher.Check"/>).</summary>
    public void Check()
    {
        HashRest();
        _hasher.Check(_signature, _declaredChecksum, _isSigned);
    }

    /// <summary>Hashes the rest of the payload; whether the checksum matches (for a load that failed: was the frame damaged?).</summary>
    public bool Matches()
    {
        HashRest();
        return _hasher.ChecksumMatches(_signature, _declaredChecksum);
    }

    private void HashRest()
    {
        if (_hashed < _payload.Length)
        {
            _hasher.AppendNow(_payload.Span[_hashed..]);
            _hashed = _payload.Length;
        }
    }
}
