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
        var headerBytes = new byte[FrameHeader.MaxLength];
        var have = 0;
        FrameHeader? header = null;
        try
        {
            int needed;
            while ((needed = FrameHeader.BytesNeeded(headerBytes.AsSpan(0, have))) > have)
            {
                have += await stream.ReadAtLeastAsync(headerBytes.AsMemory(have, needed - have), needed - have, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                if (have < needed)
                {
                    throw FrameHeader.Truncated("in its header");
                }
            }

            header = FrameHeader.Parse(headerBytes.AsSpan(0, have), long.MaxValue);
            stream.Position = offset;
            var frame = await Frames.ReadAsync(stream, ReadOptions, useAsync: true, cancellationToken).ConfigureAwait(false)
                ?? throw FrameHeader.Truncated("in its header");
            return new ScannedFrame(number, offset, headerBytes[5], header, frame, stream.Position, error: null);
        }
        catch (PickleException e)
        {
            byte? flags = have > 5 ? headerBytes[5] : null;
            return new ScannedFrame(number, offset, flags, header, frame: null, end: -1, e);
        }
    }
}
