namespace Pickling.Internal;

/// <summary>
/// How Pickle reads the caller's streams: with one body for sync and async (never awaiting when
/// <c>useAsync</c> is false), and what it may know of a stream without reading it.
/// </summary>
internal static class StreamBytes
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns how many bytes were read.</summary>
    public static async ValueTask<int> ReadAtLeastAsync(Stream stream, Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken) =>
        useAsync
            ? await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false)
            : stream.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false);

    /// <summary>One read into <paramref name="buffer"/>; returns how many bytes it gave (0 at the end).</summary>
    public static async ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, bool useAsync, CancellationToken cancellationToken) =>
        useAsync
            ? await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
            : stream.Read(buffer.Span);

    /// <summary>Writes <paramref name="bytes"/>.</summary>
    public static async ValueTask WriteAsync(Stream stream, ReadOnlyMemory<byte> bytes, bool useAsync, CancellationToken cancellationToken)
    {
        if (useAsync)
        {
            await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            stream.Write(bytes.Span);
        }
    }

    /// <summary>
    /// Whether <paramref name="stream"/> is exactly a <see cref="MemoryStream"/> whose buffer is visible, so that its
    /// bytes can be used where they lie. Subclasses may change what Read returns, so they are read like any stream.
    /// </summary>
    public static bool CanBorrow(Stream stream) =>
        stream.GetType() == typeof(MemoryStream) && ((MemoryStream)stream).TryGetBuffer(out _);

    /// <summary>
    /// The next <paramref name="length"/> bytes of a stream that <see cref="CanBorrow"/>, by reference, with the stream
    /// moved past them; false (and the stream unmoved) if it cannot lend them.
    /// </summary>
    public static bool TryBorrow(Stream stream, long length, out ReadOnlyMemory<byte> bytes)
    {
        bytes = default;
        if (stream.GetType() != typeof(MemoryStream) || !((MemoryStream)stream).TryGetBuffer(out var buffer) || length > buffer.Count - stream.Position)
        {
            return false;
        }

        var position = (int)stream.Position;
        bytes = buffer.AsMemory(position, (int)length);
        stream.Position = position + length;
        return true;
    }

    /// <summary>The stream's position, or <see langword="null"/> if it cannot say (it cannot seek).</summary>
    public static long? Position(Stream stream)
    {
        try
        {
            return stream.CanSeek ? stream.Position : null;
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>The bytes left from the stream's position, or -1 if it cannot say (it cannot seek).</summary>
    public static long Remaining(Stream stream)
    {
        try
        {
            return stream.CanSeek ? stream.Length - stream.Position : -1;
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }
}
