using MessagePack;
using Pickling.Internal;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

/// <summary>
/// The MessagePack content of an intact frame whose payload was checked but not kept: read again from the file where
/// the frame lies, through a <see cref="PayloadWindow"/>, decompressed as it is read by the library's own codecs, so
/// that a payload of any size is converted in bounded memory.
/// </summary>
internal static class FrameContent
{
    /// <summary>Writes the frame's content to <paramref name="sink"/>, leaving the file where it was.</summary>
    /// <exception cref="InvalidOperationException">The payload is empty, nested too deep, has bytes after its value, or holds a malformed Pickle extension.</exception>
    /// <exception cref="MessagePackSerializationException">The payload is not valid MessagePack.</exception>
    /// <exception cref="EndOfStreamException">The payload ends in the middle of a value.</exception>
    /// <exception cref="PickleException">The payload does not decompress.</exception>
    /// <exception cref="CliException">The payload declares more bytes decompressed than the options' MaxAllocation allows.</exception>
    public static void Convert(ScannedFrame frame, IValueSink sink)
    {
        var (file, options) = frame.Source ?? throw new InvalidOperationException($"{frame.Where} was read without its content");
        var header = frame.Header!.Value;
        var end = file.Position;
        file.Position = frame.Offset + header.Length;
        try
        {
            using var payload = OpenPayload(file, header, options, frame.Where);
            using var window = new PayloadWindow(payload, payload.Length);
            var reader = window.Open();
            if (reader.End)
            {
                throw new InvalidOperationException("the payload is empty");
            }

            string? namedRootType = null;
            if (header.Version > 1)
            {
                // As ScannedFrame.NamedRootType: only a type named in full is added as "$type".
                var named = reader.NextMessagePackType == MessagePackType.String;
                if (!RootType.TryReadName(ref reader, out var name))
                {
                    throw new InvalidOperationException("the payload does not start with a valid root type");
                }

                namedRootType = named ? name : null;
                window.Ensure(ref reader, PayloadWindow.Lookahead);
                if (window.AtEnd(reader))
                {
                    throw new InvalidOperationException("the payload is empty");
                }
            }

            new MessagePackConverter(sink, window: window).WriteRoot(ref reader, namedRootType);
            if (!window.AtEnd(reader))
            {
                throw new InvalidOperationException($"{window.Left(reader):N0} bytes follow the payload's value");
            }
        }
        finally
        {
            file.Position = end;
        }
    }

    /// <summary>The payload's bytes from the file, decompressed if they are compressed, with the limits of <paramref name="options"/>.</summary>
    private static Stream OpenPayload(Stream file, FrameHeader header, PickleOptions options, string where)
    {
        if (header.Compression == PickleCompression.None)
        {
            return new BoundedReadStream(file, header.PayloadLength);
        }

        try
        {
            return DecompressingStream.Open(file, header.PayloadLength, header.Compression, options.MaxPayloadSize, AllocationBudget.For(options, header.PayloadLength));
        }
        catch (PickleException e) when (AllocationOption.IsExceeded(e))
        {
            throw AllocationOption.Exceeded(where, e);
        }
    }
}
