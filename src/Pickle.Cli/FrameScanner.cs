using System.Buffers;
using System.Runtime.CompilerServices;
using Pickling.Internal;

namespace Pickling.Cli;

/// <summary>
/// Walks the frames of a seekable stream with the library's own frame reader, recording each frame's offset and, for
/// a damaged frame, as much of its header as can be read. Stops after the first damaged frame, since the frames after
/// it cannot be found reliably.
/// </summary>
internal static class FrameScanner
{
    // The tool reads files it is asked to inspect, so it accepts any declared size that the file actually holds.
    private static readonly PickleOptions ReadOptions = PickleOptions.Default with { MaxPayloadSize = long.MaxValue };

    public static async IAsyncEnumerable<ScannedFrame> ScanAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (stream.Position < stream.Length)
        {
            number++;
            var scanned = await ReadFrameAsync(stream, number, cancellationToken).ConfigureAwait(false);
            yield return scanned;
            if (scanned.Error is not null)
            {
                yield break;
            }
        }
    }

    private static async Task<ScannedFrame> ReadFrameAsync(Stream stream, int number, CancellationToken cancellationToken)
    {
        var offset = stream.Position;
        var frameBuffer = FrameReader.RentFrameBuffer();
        FrameHeader? header = null;
        try
        {
            header = await FrameReader.ReadHeaderAsync(stream, frameBuffer, ReadOptions.MaxPayloadSize, useAsync: true, cancellationToken).ConfigureAwait(false)
                ?? throw PickleErrors.Truncated("in its header");
            var frame = await FrameReader.ReadRestAsync(stream, frameBuffer, header, ReadOptions, useAsync: true, cancellationToken).ConfigureAwait(false);
            return new ScannedFrame(number, offset, frameBuffer[5], header, frame, stream.Position, error: null);
        }
        catch (PickleException e)
        {
            // The flags byte is shown for what it is only if the header got that far.
            byte? flags = stream.Position - offset > 5 ? frameBuffer[5] : null;
            return new ScannedFrame(number, offset, flags, header, frame: null, end: -1, e);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frameBuffer);
        }
    }
}
