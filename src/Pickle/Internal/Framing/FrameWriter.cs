namespace Pickling.Internal;

/// <summary>Makes the frame of a value: the one way every dump, to a stream, a file or bytes, turns a value into a frame.</summary>
internal static class FrameWriter
{
    /// <summary>The format name last found valid: a serializer's name is a string, which does not change, so it is checked once.</summary>
    private static string? s_checkedFormat;

    /// <summary>Serializes <paramref name="value"/> with the options' serializer into a complete frame held in memory.</summary>
    public static OutgoingFrame Create<T>(T value, PickleOptions options)
    {
        var payload = Serialize(value, options, out var format);
        return new OutgoingFrame(format, payload, options);
    }

    /// <summary>Serializes <paramref name="value"/> into the bytes of one frame, in one array of the frame's exact size.</summary>
    public static byte[] ToArray<T>(T value, PickleOptions options)
    {
        var payload = Serialize(value, options, out var format);
        try
        {
            return OutgoingFrame.ToArray(format, payload, options);
        }
        finally
        {
            payload.Return();
        }
    }

    /// <summary>The frame's payload, serialized and compressed as the options say, in a buffer of this thread's (<see cref="SegmentedBuffer.Rent"/>).</summary>
    private static SegmentedBuffer Serialize<T>(T value, PickleOptions options, out string format)
    {
        var serializer = options.Serializer;
        format = CheckFormatName(serializer);
        var payload = SegmentedBuffer.Rent();
        try
        {
            serializer.Serialize(payload, value, options);
        }
        catch (Exception e)
        {
            payload.Return();
            if (PickleErrors.Dumping(e, value?.GetType() ?? typeof(T)) is { } error)
            {
                throw error;
            }

            throw;
        }

        var codec = options.Compression ?? PickleCompression.None;
        if (codec != PickleCompression.None)
        {
            var uncompressed = payload;
            try
            {
                payload = PayloadCompression.Compress(uncompressed, codec);
            }
            finally
            {
                uncompressed.Return();
            }
        }

        return payload;
    }

    private static string CheckFormatName(IPickleSerializer serializer)
    {
        var format = serializer.Format;
        if (ReferenceEquals(format, s_checkedFormat))
        {
            return format;
        }

        if (string.IsNullOrEmpty(format) || format.Length > FrameHeader.MaxFormatLength || format.AsSpan().ContainsAnyExceptInRange('!', '~'))
        {
            throw PickleErrors.BadFormatName(serializer, format, FrameHeader.MaxFormatLength);
        }

        s_checkedFormat = format;
        return format;
    }
}
