using System.Runtime.CompilerServices;
using Pickling.Internal;

namespace Pickling;

public static partial class Pickle
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="stream"/> as one frame, asynchronously.</summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="value">The value to save; may be <see langword="null"/>.</param>
    /// <param name="stream">A writable stream; left open, positioned after the frame.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the frame is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not writable.</exception>
    /// <exception cref="PickleException">The value cannot be dumped.</exception>
    /// <exception cref="IOException">The stream cannot be written.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <example>
    /// <code>
    /// await using var file = Pickle.OpenWrite("scores.pickle");
    /// await Pickle.DumpAsync(scores, file, cancellationToken: token);
    /// </code>
    /// </example>
    public static async Task DumpAsync<T>(T value, Stream stream, PickleOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckWritable(stream);
        cancellationToken.ThrowIfCancellationRequested();
        using var frame = FrameWriter.Create(value, options ?? PickleOptions.Default);
        await frame.WriteToAsync(stream, useAsync: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the next frame of <paramref name="stream"/> as a <typeparamref name="T"/>, asynchronously.</summary>
    /// <typeparam name="T">The type to load the value as.</typeparam>
    /// <param name="stream">A readable stream positioned at the start of a frame; left open, positioned after it.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="PickleEndOfStreamException">The stream has no more frames.</exception>
    /// <exception cref="PickleDamagedException">The frame is damaged or cut short; on a stream that can seek, the exception gives its byte offset.</exception>
    /// <exception cref="PickleException">The frame is not a pickle, is damaged or truncated, or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <example>
    /// <code>
    /// await using var file = Pickle.OpenRead("scores.pickle");
    /// var scores = await Pickle.LoadAsync&lt;Dictionary&lt;string, int&gt;&gt;(file, cancellationToken: token);
    /// </code>
    /// </example>
    public static async ValueTask<T> LoadAsync<T>(Stream stream, PickleOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckReadable(stream);
        cancellationToken.ThrowIfCancellationRequested();
        return await LoadAsyncCore<T>(stream, options, cursor: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every frame from the current position to the end of <paramref name="stream"/>, in order, each as a
    /// <typeparamref name="T"/>, asynchronously.
    /// </summary>
    /// <typeparam name="T">The type to load every value as.</typeparam>
    /// <param name="stream">A readable stream positioned at the start of a frame; left open.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The values, read lazily.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="stream"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="stream"/> is not readable.</exception>
    /// <exception cref="PickleDamagedException">While enumerating: a frame is damaged or cut short; the exception names the frame (its number and byte offset).</exception>
    /// <exception cref="PickleException">While enumerating: a frame is damaged, truncated or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">While enumerating: the stream cannot be read.</exception>
    /// <exception cref="OperationCanceledException">While enumerating: the enumeration was cancelled.</exception>
    public static IAsyncEnumerable<T> LoadAllAsync<T>(Stream stream, PickleOptions? options = null, CancellationToken cancellationToken = default)
    {
        CheckReadable(stream);
        return LoadAllAsyncCore<T>(stream, options, cancellationToken);
    }

    /// <summary>Loads one frame; <paramref name="cursor"/> says where it is, for the message of a damaged frame.</summary>
    private static async ValueTask<T> LoadAsyncCore<T>(Stream stream, PickleOptions? options, FrameCursor? cursor, CancellationToken cancellationToken)
    {
        var (found, value) = await FrameReader.LoadAsync<T>(stream, options, cursor, useAsync: true, cancellationToken).ConfigureAwait(false);
        return found ? value : throw new PickleEndOfStreamException();
    }

    private static async IAsyncEnumerable<T> LoadAllAsyncCore<T>(Stream stream, PickleOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var cursor = FrameCursor.At(stream);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (found, value) = await FrameReader.LoadAsync<T>(stream, options, cursor, useAsync: true, cancellationToken).ConfigureAwait(false);
            if (!found)
            {
                yield break;
            }

            yield return value;
        }
    }
}
