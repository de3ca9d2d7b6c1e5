namespace Pickling.Internal;

/// <summary>Makes the frame of a value: the one way every dump, to a stream, a file or bytes, turns a value into a frame.</summary>
internal static class FrameWriter
{
    /// <summary>Serializes <paramref name="value"/> with the options' serializer into a complete frame held in memory.</summary>
    public static OutgoingFrame Create<T>(T value, PickleOptions options)
    {
        var serializer = options.Serializer;
        var format = CheckFormatName(serializer);
        var rootType = value?.GetType() ?? typeof(T);
        var payload = new SegmentedBuffer();
        try
        {
            serializer.Serialize(payload, value, options);
        }
        catch (Exception e)
        {
            payload.Dispose();
            if (PickleErrors.Dumping(e, rootType) is { } error)
            {
                throw error;
            }

            throw;
        }

        var codec = options.Compression ?? PickleCompression.None;
        if (codec != PickleCompression.None)
        {
            using var uncompressed = payload;
            payload = PayloadCompression.Compress(uncompressed, codec);
        }

        return new OutgoingFrame(format, payload, options);
    }

    private static string CheckFormatName(IPickleSerializer serializer)
    {
        var format = serializer.Format;
        if (string.IsNullOrEmpty(format) || format.Length > FrameHeader.MaxFormatLength || !format.All(c => c is > ' ' and < (char)127))
        {
            throw PickleErrors.BadFormatName(serializer, format, FrameHeader.MaxFormatLength);
        }

        return format;
    }
}
