using System.Runtime.InteropServices;

namespace Pickling.Internal;

/// <summary>
/// Replaces a file so that it is always either fully old or fully new: write a temporary file beside it, flush it
/// to the device, rename it over the target, then flush the folder (on Unix) so the rename itself is durable. The
/// target is the file that symbolic links lead to (<see cref="SymbolicLinks"/>); the temporary file takes its mode and
/// owner (<see cref="UnixFileMetadata"/>); writers' temporary files and their cleanup are <see cref="TempFiles"/>.
/// </summary>
internal static partial class AtomicFile
{
    public static async ValueTask WriteAsync(string path, OutgoingFrame frame, bool useAsync, CancellationToken cancellationToken)
    {
        var target = SymbolicLinks.FinalTarget(Path.GetFullPath(path));
        var directory = Path.GetDirectoryName(target)!;
        TempFiles.RemoveAbandoned(directory);

        var tempPath = Path.Combine(directory, TempFiles.NewName());
        var targetMode = UnixFileMetadata.ModeOf(target);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 0,
            Options = useAsync ? FileOptions.Asynchronous : FileOptions.None,
            PreallocationSize = frame.Length,
        };
        UnixFileMetadata.CreateWithModeOf(options, targetMode);

        // Created before the try: if creating it fails, the file at tempPath (if any) is not ours to delete.
        var stream = new FileStream(tempPath, options);
        try
        {
            try
            {
                UnixFileMetadata.CopyTo(stream.SafeFileHandle, target, targetMode);
                await frame.WriteToAsync(stream, useAsync, cancellationToken).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                stream.Flush(flushToDisk: true);
            }
            finally
            {
                // Disposed synchronously: the stream is unbuffered and already flushed, so nothing is left to write.
                // Closed before the rename: a handle still open on the renamed file would get in the way of readers.
                stream.Dispose();
            }

            File.Move(tempPath, target, overwrite: true);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }

        FlushDirectory(directory);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The original error matters more than a temporary file that could not be removed.
        }
    }

    private static void FlushDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var fd = Open(directory, 0);
        if (fd < 0)
        {
            return;
        }

        _ = Fsync(fd);
        _ = Close(fd);
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
