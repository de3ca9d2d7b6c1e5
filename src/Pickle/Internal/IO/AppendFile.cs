namespace Pickling.Internal;

/// <summary>
/// Opens a log for appending (<c>Pickle.OpenAppend</c>): finds where its whole frames end (<see cref="LogTail"/>) and
/// cuts off an incomplete last frame, the remains of an append that was interrupted, so that the next frame follows
/// the last whole one. A cut needs the file to itself, since another writer's append in progress looks the same.
/// </summary>
internal static class AppendFile
{
    private const int BufferSize = 64 * 1024;

    // The walk reads a few bytes at each frame's start; a small buffer keeps large frames from costing a large read
    // each, and moving within it keeps it, so that small frames are read a buffer at a time.
    private const int WalkBufferSize = 16 * 1024;

    public static async ValueTask<FileStream> OpenAsync(string path, bool useAsync, CancellationToken cancellationToken)
    {
        var stream = OpenToAppend(path);
        try
        {
            if (stream.Length == 0 || !await IsTornAsync(path, useAsync, cancellationToken).ConfigureAwait(false))
            {
                return stream;
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        // Nothing was written to it: disposing it does no I/O.
        stream.Dispose();
        await CutAsync(path, useAsync, cancellationToken).ConfigureAwait(false);
        return OpenToAppend(path);
    }

    private static FileStream OpenToAppend(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.Read, BufferSize, FileOptions.Asynchronous);

    private static async ValueTask<bool> IsTornAsync(string path, bool useAsync, CancellationToken cancellationToken)
    {
        using var reader = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, WalkBufferSize, Options(useAsync));
        return (await LogTail.FindAsync(reader, path, useAsync, cancellationToken).ConfigureAwait(false)).IsTorn;
    }

    /// <summary>Walks the file again with no other process in it, and cuts it after its last whole frame.</summary>
    private static async ValueTask CutAsync(string path, bool useAsync, CancellationToken cancellationToken)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None, WalkBufferSize, Options(useAsync));
        }
        catch (IOException e) when (e is not (FileNotFoundException or DirectoryNotFoundException))
        {
            throw new IOException(
                $"'{path}' ends in an incomplete frame, which Pickle.OpenAppend cuts off only when no other process has the file open: " +
                "another writer may be in the middle of appending it. Close the other writers and readers of the file and open it again.",
                e);
        }

        using (file)
        {
            var end = await LogTail.FindAsync(file, path, useAsync, cancellationToken).ConfigureAwait(false);
            if (end.IsTorn)
            {
                file.SetLength(end.WholeEnd);
                file.Flush(flushToDisk: true);
            }
        }
    }

    private static FileOptions Options(bool useAsync) => useAsync ? FileOptions.Asynchronous : FileOptions.None;
}
