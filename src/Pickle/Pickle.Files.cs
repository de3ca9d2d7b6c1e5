using System.Runtime.CompilerServices;
using Pickling.Internal;

namespace Pickling;

public static partial class Pickle
{
    /// <summary>
    /// Opens a file for writing binary data, as Python's <c>open(path, 'wb')</c>: creates it, or empties it if it
    /// exists. Dispose the stream when done.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <returns>A writable stream at the start of the empty file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="IOException">The file cannot be created or opened, for example because its folder is missing.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing the file is not allowed.</exception>
    public static FileStream OpenWrite(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 64 * 1024, FileOptions.Asynchronous);
    }

    /// <summary>
    /// Opens a file for reading binary data, as Python's <c>open(path, 'rb')</c>. Dispose the stream when done.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <returns>A readable stream at the start of the file.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading the file is not allowed.</exception>
    public static FileStream OpenRead(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.Asynchronous);
    }

    /// <summary>
    /// Opens a file for appending binary data, as Python's <c>open(path, 'ab')</c>: creates it if it is missing and
    /// positions the stream at its end, so that each <see cref="Dump{T}"/> adds one more object to the file. Read them
    /// all back with <see cref="LoadAllFromFile{T}"/>. If the file ends in part of a frame, left by an append that was
    /// interrupted, that part is cut off first, so that the new frames follow the last whole one (see remarks).
    /// Dispose the stream when done.
    /// </summary>
    /// <remarks>
    /// <para>
    /// <b>What is cut.</b> A process killed, or a machine that loses power, while it appends can leave the file ending in
    /// part of a frame. Before it returns, <c>OpenAppend</c> walks the file from frame header to frame header (it reads
    /// each header and skips the payload by the length the header gives, so a log of many gigabytes is not read in
    /// full), checks the last whole frame's checksum, and looks at what follows that frame. It cuts the file there
    /// only if those bytes can only be the remains of an interrupted append: the first bytes of a frame header, cut
    /// short by the end of the file; or a whole, valid frame header whose payload and trailer run past the end of the
    /// file, with no other frame header starting after it. The cut is flushed to the device.
    /// </para>
    /// <para>
    /// <b>Why nothing saved is lost.</b> The bytes cut off never were a frame that could be loaded:
    /// <see cref="LoadAllFromFile{T}"/> stops there with a <see cref="PickleDamagedException"/>, and the frame they
    /// began would need bytes that are not in the file. Every frame before them, which is every frame whose
    /// <c>Dump</c> returned and was flushed, is kept byte for byte.
    /// </para>
    /// <para>
    /// <b>What is never cut.</b> Any other damage is left as it is, and <c>OpenAppend</c> throws a
    /// <see cref="PickleDamagedException"/> that names the frame: a frame whose header is damaged (it hides where the
    /// frames after it start), a last frame that is whole but whose checksum does not match, bytes that are not a
    /// pickle, or an incomplete last frame with another frame's header inside it. A frame appended after such damage
    /// could not be loaded; copy the intact frames to a new file with <c>pickle repair FILE -o OUT</c> and append to
    /// that. Payloads before the last frame are not read, so damage inside them is found when they are loaded.
    /// </para>
    /// <para>
    /// A cut needs the file to itself, because another process in the middle of an append leaves the same bytes: if
    /// another process has the file open, <c>OpenAppend</c> cuts nothing and throws an <see cref="IOException"/>.
    /// Let one process append to a file at a time. A frame is in the file once the stream is flushed or disposed:
    /// call <see cref="Stream.Flush()"/> after <c>Dump</c> to keep it through a crash of the process, and
    /// <see cref="FileStream.Flush(bool)"/> with <see langword="true"/> to keep it through a power cut.
    /// </para>
    /// </remarks>
    /// <param name="path">The file's path.</param>
    /// <returns>A writable stream at the end of the file's last whole frame.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PickleDamagedException">
    /// The file is damaged in a way that is not the remains of an interrupted append, or is not a pickle file; the
    /// exception names the frame, and nothing was changed.
    /// </exception>
    /// <exception cref="IOException">
    /// The file cannot be created, opened or read, for example because its folder is missing; or it ends in an
    /// incomplete frame while another process has it open.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">Writing the file is not allowed.</exception>
    /// <example>
    /// <code>
    /// using (var log = Pickle.OpenAppend("events.pickle"))
    /// {
    ///     Pickle.Dump(new Event("started", DateTime.UtcNow), log);
    ///     log.Flush();
    /// }
    /// foreach (var e in Pickle.LoadAllFromFile&lt;Event&gt;("events.pickle")) { Console.WriteLine(e); }
    /// </code>
    /// </example>
    public static FileStream OpenAppend(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Synchronously.Complete(AppendFile.OpenAsync(path, useAsync: false, CancellationToken.None));
    }

    /// <summary>
    /// Opens a file for appending binary data, asynchronously, as <see cref="OpenAppend"/> does: creates it if it is
    /// missing, cuts off an incomplete last frame left by an interrupted append, and positions the stream at the end of
    /// the last whole frame. Dispose the stream when done.
    /// </summary>
    /// <remarks>What is cut, and what is never cut, is described under <see cref="OpenAppend"/>.</remarks>
    /// <param name="path">The file's path.</param>
    /// <param name="cancellationToken">Cancels the walk through the file's frames; the file is then left as it was.</param>
    /// <returns>A writable stream at the end of the file's last whole frame.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PickleDamagedException">
    /// The file is damaged in a way that is not the remains of an interrupted append, or is not a pickle file; the
    /// exception names the frame, and nothing was changed.
    /// </exception>
    /// <exception cref="IOException">
    /// The file cannot be created, opened or read; or it ends in an incomplete frame while another process has it open.
    /// </exception>
    /// <exception cref="UnauthorizedAccessException">Writing the file is not allowed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <example>
    /// <code>
    /// await using var log = await Pickle.OpenAppendAsync("events.pickle", token);
    /// await Pickle.DumpAsync(new Event("started", DateTime.UtcNow), log, cancellationToken: token);
    /// await log.FlushAsync(token);
    /// </code>
    /// </example>
    public static async ValueTask<FileStream> OpenAppendAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        return await AppendFile.OpenAsync(path, useAsync: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads every object in the file at <paramref name="path"/>, in the order they were dumped (for example with
    /// <see cref="OpenAppend"/> over several runs). The file is opened when enumeration starts and closed when it ends.
    /// </summary>
    /// <typeparam name="T">The type to load every value as.</typeparam>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <returns>The values, read lazily.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">While enumerating: the file does not exist.</exception>
    /// <exception cref="PickleDamagedException">While enumerating: a frame is damaged or cut short; the exception names the frame (its number and byte offset).</exception>
    /// <exception cref="PickleException">While enumerating: a frame is damaged, truncated or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">While enumerating: the file cannot be read.</exception>
    public static IEnumerable<T> LoadAllFromFile<T>(string path, PickleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return LoadAllFromFileCore<T>(path, options);
    }

    /// <summary>
    /// Reads every object in the file at <paramref name="path"/>, in the order they were dumped, asynchronously.
    /// </summary>
    /// <typeparam name="T">The type to load every value as.</typeparam>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The values, read lazily.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">While enumerating: the file does not exist.</exception>
    /// <exception cref="PickleDamagedException">While enumerating: a frame is damaged or cut short; the exception names the frame (its number and byte offset).</exception>
    /// <exception cref="PickleException">While enumerating: a frame is damaged, truncated or does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">While enumerating: the file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">While enumerating: the enumeration was cancelled.</exception>
    public static IAsyncEnumerable<T> LoadAllFromFileAsync<T>(string path, PickleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return LoadAllFromFileAsyncCore<T>(path, options, cancellationToken);
    }

    /// <summary>
    /// Saves <paramref name="value"/> to the file at <paramref name="path"/> as one frame, replacing the file
    /// atomically: the frame is written to a temporary file in the same folder, flushed to the device and renamed over
    /// the target, so the file is always either the old one or the new one, even after a crash or power loss. The new
    /// file keeps the old one's permissions (and, where the process may set it, its owner); if the path is a symbolic
    /// link, the file it points to is replaced and the link stays.
    /// </summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="value">The value to save; may be <see langword="null"/>.</param>
    /// <param name="path">The file's path; its folder must exist.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PickleException">The value cannot be dumped; the file is left as it was.</exception>
    /// <exception cref="IOException">The file cannot be written; it is left as it was.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing the file is not allowed.</exception>
    /// <example>
    /// <code>
    /// Pickle.DumpToFile(model, "model.pickle");
    /// var again = Pickle.LoadFromFile&lt;Model&gt;("model.pickle");
    /// </code>
    /// </example>
    public static void DumpToFile<T>(T value, string path, PickleOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var frame = FrameWriter.Create(value, OptionsForFile(path, options));
        Synchronously.Complete(AtomicFile.WriteAsync(path, frame, useAsync: false, CancellationToken.None));
    }

    /// <summary>Loads the first frame of the file at <paramref name="path"/>.</summary>
    /// <typeparam name="T">The type to load the value as.</typeparam>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PickleDamagedException">The first frame is damaged or cut short; the exception names it (frame 1 at byte offset 0).</exception>
    /// <exception cref="PickleException">The file is empty, not a pickle, damaged or truncated, or its value does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading the file is not allowed.</exception>
    public static T LoadFromFile<T>(string path, PickleOptions? options = null)
    {
        using var stream = OpenRead(path);
        return LoadCore<T>(stream, options, FrameCursor.First());
    }

    /// <summary>
    /// Saves <paramref name="value"/> to the file at <paramref name="path"/> as one frame, asynchronously, replacing
    /// the file atomically as <see cref="DumpToFile{T}"/> does.
    /// </summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="value">The value to save; may be <see langword="null"/>.</param>
    /// <param name="path">The file's path; its folder must exist.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the write; the file is then left as it was.</param>
    /// <returns>A task that completes when the file is replaced.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="PickleException">The value cannot be dumped; the file is left as it was.</exception>
    /// <exception cref="IOException">The file cannot be written; it is left as it was.</exception>
    /// <exception cref="UnauthorizedAccessException">Writing the file is not allowed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task DumpToFileAsync<T>(T value, string path, PickleOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        cancellationToken.ThrowIfCancellationRequested();
        using var frame = FrameWriter.Create(value, OptionsForFile(path, options));
        await AtomicFile.WriteAsync(path, frame, useAsync: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Loads the first frame of the file at <paramref name="path"/>, asynchronously.</summary>
    /// <typeparam name="T">The type to load the value as.</typeparam>
    /// <param name="path">The file's path.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="PickleDamagedException">The first frame is damaged or cut short; the exception names it (frame 1 at byte offset 0).</exception>
    /// <exception cref="PickleException">The file is empty, not a pickle, damaged or truncated, or its value does not fit <typeparamref name="T"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">Reading the file is not allowed.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async ValueTask<T> LoadFromFileAsync<T>(string path, PickleOptions? options = null, CancellationToken cancellationToken = default)
    {
        var stream = OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            return await LoadAsyncCore<T>(stream, options, FrameCursor.First(), cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<T> LoadAllFromFileCore<T>(string path, PickleOptions? options)
    {
        using var stream = OpenRead(path);
        foreach (var value in LoadAllCore<T>(stream, options))
        {
            yield return value;
        }
    }

    private static async IAsyncEnumerable<T> LoadAllFromFileAsyncCore<T>(string path, PickleOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            await foreach (var value in LoadAllAsyncCore<T>(stream, options, cancellationToken).ConfigureAwait(false))
            {
                yield return value;
            }
        }
    }

    /// <summary>The options with the codec that the file's extension implies, unless they name one.</summary>
    private static PickleOptions OptionsForFile(string path, PickleOptions? options)
    {
        options ??= PickleOptions.Default;
        return options.Compression is null && PayloadCompression.FromPath(path) is var codec and not PickleCompression.None
            ? options with { Compression = codec }
            : options;
    }
}
