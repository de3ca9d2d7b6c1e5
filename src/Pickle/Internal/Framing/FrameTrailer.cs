using System.Buffers;

namespace Pickling.Internal;

/// <summary>A frame's trailer: reading it (the signature, if signed, then the checksum) and checking it against the header and payload.</summary>
internal static class FrameTrailer
{
    /// <summary>Reads a frame's trailer (signature, if signed, then checksum) into <paramref name="frameBuffer"/>, just after its header.</summary>
    public static async ValueTask ReadAsync(Stream stream, byte[] frameBuffer, FrameHeader header, bool useAsync, CancellationToken cancellationToken)
    {
        var trailer = frameBuffer.AsMemory(header.Length, header.TrailerLength);
        if (await StreamBytes.ReadAtLeastAsync(stream, trailer, useAsync, cancellationToken).ConfigureAwait(false) < trailer.Length)
        {
            throw PickleErrors.Truncated(header.IsSigned ? "in its signature or checksum" : "in its checksum");
        }
    }

    /// <summary>Checks the trailer that <see cref="ReadAsync"/> read against a hasher that has taken in the whole payload.</summary>
    public static void Check(FrameHasher hasher, byte[] frameBuffer, FrameHeader header) =>
        Check(hasher, frameBuffer.AsSpan(header.Length, header.TrailerLength), header);

    /// <summary>Checks a whole payload in memory against the trailer that <see cref="ReadAsync"/> read.</summary>
    public static void Verify(byte[] frameBuffer, FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions options) =>
        Verify(frameBuffer.AsSpan(0, header.Length), frameBuffer.AsSpan(header.Length, header.TrailerLength), header, payload, options);

    public static void Check(FrameHasher hasher, ReadOnlySpan<byte> trailer, FrameHeader header) =>
        hasher.Check(header.SignatureIn(trailer), header.ChecksumIn(trailer), header.IsSigned);

    public static void Verify(ReadOnlySpan<byte> headerBytes, ReadOnlySpan<byte> trailer, FrameHeader header, ReadOnlySequence<byte> payload, PickleOptions options)
    {
        using var hasher = FrameHasher.Start(headerBytes, options.SigningKeySpan);
        foreach (var block in payload)
        {
            hasher.AppendNow(block.Span);
        }

        Check(hasher, trailer, header);
    }
}
