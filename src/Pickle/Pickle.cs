using Pickling.Internal;

namespace Pickling;

/// <summary>
/// Saves objects to binary streams and files and loads them back, as Python's <c>pickle</c> does: <c>Dump</c>
/// writes one self-describing, checksummed frame per object, <c>Load</c> reads one frame back.
/// </summary>
/// <remarks>
/// Every method is thread-safe. Streams passed in are never disposed or sought: each <c>Load</c> reads exactly
/// one frame and leaves the stream just after it, so objects dumped one after another load back one by one.
/// </remarks>
public static partial class Pickle
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="stream"/> as one frame.</summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="value">The value to save; may be <see langword="null"/>.</param>
    /// <param name="stream">A writable stream; left open, positioned after the frame.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="PickleException">The value cannot be dumped (for example, its type is not supported).</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    /// <example>
    /// <code>
    /// using (var file = Pickle.OpenWrite("good_values.pickle"))
    /// {
    ///     Pickle.Dump(new List&lt;int&gt; { 1, 2, 3 }, file);
    /// }
    /// </code>
    /// </example>
    public static void Dump<T>(T value, Stream stream, PickleOptions? options = null)
    {
        CheckWritable(stream);
        using var frame = FrameWriter.Create(value, options ?? PickleOptions.Default);
        Synchronously.Complete(frame.WriteToAsync(stream, useAsync: false, CancellationToken.None));
    }

    /// <summary>Reads the next frame of <paramref name="stream"/> as a <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type to load the value as: the type it was dumped as, or a compatible one.</typeparam>
    /// <param name="stream">A readable stream positioned at the start of a frame; left open, positioned after it.</param>
    /// <param name="options">
    /// Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>; with no options, a frame written by
    /// a built-in serializer is read with that serializer.
    /// </param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="PickleEndOfStreamException">The stream has no more frames.</exception>
    /// <exception cref="PickleDamagedException">The frame is damaged or cut short; on a stream that can seek, the exception gives its byte offset.</exception>
    /// <exception cref="PickleException">
    /// The stream does not hold a pickle there, or it is damaged or truncated, or its value does not fit <typeparamref name="T"/>.
    /// </exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <example>
    /// <code>
    /// using (var file = Pickle.OpenRead("good_values.pickle"))
    /// {
    ///     List&lt;int&gt; values = Pickle.Load&lt;List&lt;int&gt;&gt;(file);
    /// }
    /// </code>
    /// </example>
    public static T Load<T>(Stream stream, PickleOptions? options = null)
    {
        CheckReadable(stream);
        return LoadCore<T>(stream, options, cursor: null);
    }

    /// <summary>
    /// Reads every frame from the current position to the end of <paramref name="stream"/>, in order, each as a
    /// <typeparamref name="T"/>. Frames are read one at a time as the sequence is enumerated.
    /// </summary>
    /// <typeparam name="T">The type to load every value as.</typeparam>
    /// <param name="stream">A readable stream positioned at the start of a frame; left open.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <returns>The values, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="PickleDamagedException">While enumerating: a frame is damaged or cut short; the exception names the frame (its number and byte offset).</exception>
    /// <exception cref="PickleException">While enumerating: a frame is damaged, truncated or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">While enumerating: the stream cannot be read.</exception>
    public static IEnumerable<T> LoadAll<T>(Stream stream, PickleOptions? options = null)
    {
        CheckReadable(stream);
        return LoadAllCore<T>(stream, options);
    }

    /// <summary>Loads one frame; <paramref name="cursor"/> says where it is, for the message of a damaged frame.</summary>
    private static T LoadCore<T>(Stream stream, PickleOptions? options, FrameCursor? cursor)
    {
        var (found, value) = Synchronously.Complete(FrameReader.LoadAsync<T>(stream, options, cursor, useAsync: false, CancellationToken.None));
        return found ? value : throw new PickleEndOfStreamException();
    }

    private static IEnumerable<T> LoadAllCore<T>(Stream stream, PickleOptions? options)
    {
        var cursor = FrameCursor.At(stream);
        while (Synchronously.Complete(FrameReader.LoadAsync<T>(stream, options, cursor, useAsync: false, CancellationToken.None)) is (true, var value))
        {
            yield return value;
        }
    }

    private static void CheckWritable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable. Open it for writing, for example with Pickle.OpenWrite.", nameof(stream));
        }
    }

    private static void CheckReadable(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream is not readable. Open it for reading, for example with Pickle.OpenRead.", nameof(stream));
        }
    }
}
