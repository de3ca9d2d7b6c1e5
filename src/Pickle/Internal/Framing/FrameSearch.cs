using System.Buffers;

namespace Pickling.Internal;

/// <summary>
/// Finds the next frame header among bytes that may be anything: the magic bytes followed by a whole header whose CRC
/// matches. For readers that have met damage and look for where frames start again (the tool's <c>repair</c>), and
/// for <see cref="LogTail"/>, which calls an incomplete last frame torn only if no header starts inside it.
/// </summary>
internal static class FrameSearch
{
    private const int BlockLength = 64 * 1024;

    /// <summary>
    /// The offset of the first header that starts at or after <paramref name="from"/> in <paramref name="stream"/>
    /// (which must seek), or -1 if there is none before the stream's end. Moves the stream.
    /// </summary>
    public static async ValueTask<long> NextHeaderAsync(Stream stream, long from, bool useAsync, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BlockLength + FrameHeader.MaxLength);
        try
        {
            stream.Position = from;
            var bufferStart = from;
            var have = 0;
            while (true)
            {
                have += await StreamBytes.ReadAtLeastAsync(stream, buffer.AsMemory(have), useAsync, cancellationToken).ConfigureAwait(false);
                var ended = have < buffer.Length;

                // A candidate is looked at once the buffer holds the longest header it may start, or the stream has ended.
                var searchable = ended ? have : have - FrameHeader.MaxLength;
                var at = 0;
                while (at < searchable)
                {
                    var found = buffer.AsSpan(at, have - at).IndexOf(FrameHeader.Magic);
                    if (found < 0 || at + found >= searchable)
                    {
                        break;
                    }

                    at += found;
                    if (FrameHeader.TryParse(buffer.AsSpan(at, have - at), out _))
                    {
                        return bufferStart + at;
                    }

                    at++;
                }

                if (ended)
                {
                    return -1;
                }

                buffer.AsSpan(searchable, have - searchable).CopyTo(buffer);
                bufferStart += searchable;
                have -= searchable;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
