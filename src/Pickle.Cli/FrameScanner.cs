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
    /// <summary>The options the tool reads with: it reads files it is asked to inspect, so it accepts any declared size that the file actually holds.</summary>
    public static readonly PickleOptions ReadOptions = PickleOptions.Default with { MaxPayloadSize = long.MaxValue };

    /// <summary>
    /// The frames of <paramref name="stream"/>, each checked with <paramref name="options"/> (with a signing key, its
    /// signature too). Payloads are hashed as they are read, not kept, so that memory stays bounded whatever a frame's
    /// size; an intact frame's content is read again from the stream when it is converted (<see cref="FrameContent"/>),
    /// but with <paramref name="keepJsonPayloads"/>, a <c>json</c> frame keeps its payload, decompressed, for the
    /// converters that read JSON in memory.
    /// </summary>
    /// <exception cref="CliException">A frame declares more bytes decompressed than the options' MaxAllocation allows.</exception>
    public static async IAsyncEnumerable<ScannedFrame> ScanAsync(
        Stream stream, PickleOptions options, bool keepJsonPayloads, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var number = 0;
        while (stream.Position < stream.Length)
        {
            number++;
            var scanned = await ReadFrameAsync(stream, number, options, keepJsonPayloads, cancellationToken).ConfigureAwait(false);
            yield return scanned;
            if (scanned.Error is not null)
            {
                yield break;
            }
        }
    }

    /// <summary>The most bytes of a payload's start read, decompressed, to find its root type.</summary>
    public const int RootTypePeekLength = 4096;

    /// <summary>
    /// The root type at the start of the intact frame at <paramref name="offset"/>, read from its first bytes without
    /// reading the rest, leaving the stream where it was: for a version-2 MessagePack payload, from at most
    /// <see cref="RootTypePeekLength"/> bytes of it, decompressed by the library's own codecs when it is compressed
    /// (so never the whole of a huge payload); else the version-1 header's type name, or <see langword="null"/>.
    /// </summary>
    public static async Task<string?> PeekRootTypeAsync(Stream stream, long offset, FrameHeader header, CancellationToken cancellationToken)
    {
        if (header.Version == 1)
        {
            return header.TypeName;
        }

        if (header.Format != MessagePackPickleSerializer.FormatName)
        {
            return null;
        }

        var end = stream.Position;
        try
        {
            stream.Position = offset + header.Length;
            if (header.Compression == PickleCompression.None)
            {
                var start = new byte[(int)Math.Min(header.PayloadLength, RootTypePeekLength)];
                await stream.ReadExactlyAsync(start, cancellationToken).ConfigureAwait(false);
                return TryReadRootType(start);
            }

            // Only the payload's start is decompressed, so its declared length is not spent from an allocation budget.
            using var decompressing = DecompressingStream.Open(stream, header.PayloadLength, header.Compression, ReadOptions.MaxPayloadSize, budget: null);
            var buffer = new byte[(int)Math.Min(decompressing.Length, RootTypePeekLength)];
            var got = decompressing.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            return TryReadRootType(buffer.AsSpan(0, got).ToArray());
        }
        catch (PickleException)
        {
            // The frame's checksum matched, so a payload that does not decompress is reported when its content is read.
            return null;
        }
        finally
        {
            stream.Position = end;
        }
    }

    private static string? TryReadRootType(byte[] start)
    {
        var reader = new MessagePack.MessagePackReader(start);
        return Internal.MessagePack.RootType.TryReadName(ref reader, out var name) ? name : null;
    }

    private static async Task<ScannedFrame> ReadFrameAsync(Stream stream, int number, PickleOptions options, bool keepJsonPayloads, CancellationToken cancellationToken)
    {
        var offset = stream.Position;
        var frameBuffer = FrameReader.RentFrameBuffer();
        FrameHeader? header = null;
        try
        {
            var parsed = await FrameReader.ReadHeaderAsync(stream, frameBuffer, options.MaxPayloadSize, useAsync: true, cancellationToken).ConfigureAwait(false)
                ?? throw PickleErrors.Truncated("in its header");
            header = parsed;
            IncomingFrame? frame = null;
            if (keepJsonPayloads && parsed.Format == SystemTextJsonPickleSerializer.FormatName)
            {
                frame = await FrameReader.ReadRestAsync(stream, frameBuffer, parsed, options, useAsync: true, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await FrameReader.SkipAsync(stream, frameBuffer, parsed, options, copy: null, useAsync: true, cancellationToken).ConfigureAwait(false);
            }

            var peeked = frame is null ? await PeekRootTypeAsync(stream, offset, parsed, cancellationToken).ConfigureAwait(false) : null;
            return new ScannedFrame(number, offset, frameBuffer[5], header, frame, stream.Position, error: null)
            {
                PeekedRootType = peeked,
                Source = frame is null ? (stream, options) : null,
            };
        }
        catch (PickleException e) when (AllocationOption.IsExceeded(e))
        {
            throw AllocationOption.Exceeded(PickleErrors.FrameAt(number, offset), e);
        }
        catch (PickleException e)
        {
            // What was read of the header is shown only as far as it got, and only if it starts as a frame does:
            // the bytes of a file that is not a pickle are not flags.
            var read = frameBuffer.AsSpan(0, (int)Math.Min(stream.Position - offset, FrameHeader.MaxLength));
            var isFrame = FrameHeader.CouldStartFrame(read);
            byte? flags = isFrame && read.Length > 5 ? frameBuffer[5] : null;
            var signatureFailed = header is not null && e is not PickleDamagedException && options.HasSigningKey;
            return new ScannedFrame(number, offset, flags, header, frame: null, end: -1, e) { IsNotAPickle = !isFrame, SignatureFailed = signatureFailed };
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frameBuffer);
        }
    }
}
