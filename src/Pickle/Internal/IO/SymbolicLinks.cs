using System.Runtime.InteropServices;

namespace Pickling.Internal;

/// <summary>
/// Follows symbolic links to the file they name, so that <see cref="AtomicFile"/> replaces that file and keeps the links,
/// rather than replacing the first link with a regular file and leaving the file it pointed to as it was.
/// </summary>
internal static partial class SymbolicLinks
{
    /// <summary>As many links as Linux follows in one path before it gives up with ELOOP.</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The file that <paramref name="fullPath"/> names once its symbolic links are followed as the system follows them;
    /// <paramref name="fullPath"/> itself if it is not a link. A link to a missing file gives that file's path.
    /// </summary>
    /// <exception cref="IOException">The links form a loop, or there are too many of them.</exception>
    public static string FinalTarget(string fullPath)
    {
        var current = fullPath;
        for (var links = 0; new FileInfo(current).LinkTarget is { } link; links++)
        {
            if (links == MaxLinks)
            {
                throw new IOException($"'{fullPath}' is a symbolic link that leads through more than {MaxLinks} links, probably in a loop; point it at a file.");
            }

            current = Resolve(Path.Combine(Path.GetDirectoryName(current)!, link));
        }

        return current;
    }

    /// <summary>
    /// The full path of <paramref name="path"/> with its folder as the system resolves it. .NET removes "folder/.." by
    /// the text, but when the folder is itself a link, the system goes up from where that link leads.
    /// </summary>
    private static string Resolve(string path)
    {
        var name = Path.GetFileName(path);
        if (OperatingSystem.IsWindows() || name is "" or "." or ".." || RealPath(Path.GetDirectoryName(path)!) is not { } folder)
        {
            // Windows resolves ".." by the text too; a link to a folder or into a missing one fails later, as it should.
            return Path.GetFullPath(path);
        }

        return Path.Join(folder, name);
    }

    /// <summary>The C library's realpath: the folder with every link and ".." resolved, or null if it cannot be.</summary>
    private static string? RealPath(string folder)
    {
        var resolved = RealPath(folder, 0);
        if (resolved == 0)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(resolved);
        }
        finally
        {
            Free(resolved);
        }
    }

    [LibraryImport("libc", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint RealPath(string path, nint resolved);

    [LibraryImport("libc", EntryPoint = "free")]
    private static partial void Free(nint pointer);
}
