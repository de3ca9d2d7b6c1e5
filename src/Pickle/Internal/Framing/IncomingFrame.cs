namespace Pickling.Internal;

/// <summary>A frame read from a stream: its header and its verified, decompressed payload. Disposing it returns the payload's buffers.</summary>
internal sealed class IncomingFrame(FrameHeader header, SegmentedBuffer payload) : IDisposable
{
    public FrameHeader Header { get; } = header;

    public SegmentedBuffer Payload { get; } = payload;

    public void Dispose() => Payload.Dispose();
}
