namespace Pickling.Internal;

/// <summary>
/// A frame's payload still in its stream, as an <see cref="IStreamingPickleSerializer"/> reads it: the stream, the
/// frame's header, and the check of its trailer once every byte has gone to the hasher.
/// </summary>
internal sealed class StreamedPayload
{
    private readonly byte[] _frameBuffer;
    private readonly PickleOptions _options;

    public StreamedPayload(Stream stream, FrameHeader header, byte[] frameBuffer, PickleOptions options)
    {
        Stream = stream;
        Header = header;
        _frameBuffer = frameBuffer;
        _options = options;
    }

    /// <summary>The stream, positioned at the payload's first byte.</summary>
    public Stream Stream { get; }

    public FrameHeader Header { get; }

    /// <summary>The payload's length in bytes.</summary>
    public long Length => Header.PayloadLength;

    /// <summary>
    /// Starts the frame's hash, which has taken in the header. <paramref name="bytesStay"/> says whether the bytes
    /// appended stay where they are until the check, so that they may be hashed on another core.
    /// </summary>
    public FrameHasher StartHash(bool useAsync, bool bytesStay) =>
        FrameHasher.Start(_frameBuffer.AsSpan(0, Header.Length), _options.SigningKeySpan, FramePlan.HashesInBackground(Length, useAsync, bytesStay));

    /// <summary>Reads the trailer after the payload and checks it against <paramref name="hasher"/>, which has every payload byte.</summary>
    public async ValueTask VerifyAsync(FrameHasher hasher, bool useAsync, CancellationToken cancellationToken)
    {
        await FrameTrailer.ReadAsync(Stream, _frameBuffer, Header, useAsync, cancellationToken).ConfigureAwait(false);
        FrameTrailer.Check(hasher, _frameBuffer, Header);
    }

    /// <summary>A stream that ended after <paramref name="read"/> of the payload's bytes.</summary>
    public PickleException Truncated(long read) => Header.PayloadTruncated(read);
}
