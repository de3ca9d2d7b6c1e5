namespace Pickling.Cli;

/// <summary>
/// How the tool writes a file: under a temporary name beside it, moved over it only once the whole output is written,
/// so that a run that fails leaves what was there.
/// </summary>
internal static class OutputFiles
{
    /// <summary>A hidden, unique name in the output's folder, so that the move over it stays on one file system.</summary>
    public static string TemporaryPathFor(string outputPath)
    {
        var full = Path.GetFullPath(outputPath);
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>Creates the temporary file <paramref name="path"/> for <paramref name="outputPath"/>, naming the output if it cannot.</summary>
    public static FileStream Create(string path, string outputPath)
    {
        try
        {
            return new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot write '{outputPath}': {e.Message}", ExitCodes.Failed, e);
        }
    }
}
