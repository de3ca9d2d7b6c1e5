namespace Pickling.Internal;

/// <summary>Where the whole frames of a log end, as <see cref="LogTail.FindAsync"/> found it.</summary>
/// <param name="WholeEnd">The offset just after the last whole frame: where the next frame belongs.</param>
/// <param name="Length">The file's length when it was walked.</param>
internal readonly record struct LogEnd(long WholeEnd, long Length)
{
    /// <summary>Whether the file ends in an incomplete frame, the remains of an interrupted append, from <see cref="WholeEnd"/> on.</summary>
    public bool IsTorn => WholeEnd < Length;
}

/// <summary>
/// Finds where the whole frames of a log (frames appended one after another) end, without reading the whole log: it
/// hops from header to header by each header's payload length, checks the last whole frame's checksum, and tells an
/// incomplete last frame that can only be the remains of an interrupted append (a header cut short by the end of
/// the file, or a valid header whose frame runs past it, with no other header inside) from damage, which it reports.
/// </summary>
internal static class LogTail
{
    // Only the checksum is checked (a signature needs the key), and a log may hold frames of any size.
    private static readonly PickleOptions CheckOptions = PickleOptions.Default with { MaxPayloadSize = long.MaxValue };

    /// <summary>
    /// Walks the frames of <paramref name="stream"/> (a file of <paramref name="path"/>, which must seek). Damage that
    /// is not a torn tail is a <see cref="PickleDamagedException"/> that names its frame; nothing is changed.
    /// </summary>
    public static async ValueTask<LogEnd> FindAsync(Stream stream, string path, bool useAsync, CancellationToken cancellationToken)
    {
        var length = stream.Length;
        var frameBuffer = FrameReader.RentFrameBuffer();
        try
        {
            long position = 0;
            long last = -1;
            var index = 1;
            while (position < length)
            {
                stream.Position = position;
                FrameHeader header;
                try
                {
                    header = await FrameReader.ReadHeaderAsync(stream, frameBuffer, long.MaxValue, useAsync, cancellationToken).ConfigureAwait(false)
                        ?? throw PickleErrors.Truncated("in its header");
                }
                catch (PickleDamagedException e) when (e.IsTruncated)
                {
                    var rest = frameBuffer.AsSpan(0, (int)Math.Min(length - position, frameBuffer.Length));
                    if (FrameHeader.IsStartOfHeader(rest))
                    {
                        break;
                    }

                    throw PickleErrors.CannotAppend(path, index, position, PickleErrors.NotStartOfFrame(rest));
                }
                catch (PickleException e)
                {
                    throw PickleErrors.CannotAppend(path, index, position, e);
                }

                if (header.FrameLength > length - position)
                {
                    break;
                }

                last = position;
                position += header.FrameLength;
                index++;
            }

            if (last >= 0)
            {
                await CheckWholeAsync(stream, frameBuffer, path, index - 1, last, useAsync, cancellationToken).ConfigureAwait(false);
            }

            if (position < length && await FrameSearch.NextHeaderAsync(stream, position + 1, useAsync, cancellationToken).ConfigureAwait(false) is var inside and >= 0)
            {
                throw PickleErrors.CannotAppend(path, index, position, PickleErrors.HeaderInsideTornFrame(inside));
            }

            return new LogEnd(position, length);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(frameBuffer);
        }
    }

    private static async ValueTask CheckWholeAsync(Stream stream, byte[] frameBuffer, string path, int index, long offset, bool useAsync, CancellationToken cancellationToken)
    {
        stream.Position = offset;
        try
        {
            var header = await FrameReader.ReadHeaderAsync(stream, frameBuffer, long.MaxValue, useAsync, cancellationToken).ConfigureAwait(false)
                ?? throw PickleErrors.Truncated("in its header");
            await FrameReader.SkipAsync(stream, frameBuffer, header, CheckOptions, copy: null, useAsync, cancellationToken).ConfigureAwait(false);
        }
        catch (PickleException e)
        {
            throw PickleErrors.CannotAppend(path, index, offset, e);
        }
    }
}
