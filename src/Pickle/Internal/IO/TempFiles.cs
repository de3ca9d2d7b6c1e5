namespace Pickling.Internal;

/// <summary>
/// The temporary files <see cref="AtomicFile"/> writes beside a target, and the removal of those whose writers died.
/// </summary>
/// <remarks>
/// A temporary file is abandoned when nothing has written to it for <see cref="AbandonedAfter"/> and no writer holds it
/// open. A live writer holds its file open exclusively while it writes, closes it and renames it over the target moments
/// later, so its file is always either locked or freshly written. Being unlocked is not enough on its own: between a
/// writer's close and its rename the file is unlocked yet still needed, and a file locked just after its rename is
/// already the target, which readers could then not open.
/// </remarks>
internal static class TempFiles
{
    /// <summary>How long a temporary file must have gone unwritten before it may be taken for abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private const string Suffix = ".pickle-tmp";

    private static readonly EnumerationOptions Candidates = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    /// <summary>A new, unique name for a temporary file beside the target named <paramref name="targetName"/>.</summary>
    public static string NewName(string targetName) => $".{targetName}.{Guid.NewGuid():N}{Suffix}";

    /// <summary>Deletes the abandoned temporary files of <paramref name="targetName"/> in <paramref name="directory"/>.</summary>
    public static void RemoveAbandoned(string directory, string targetName)
    {
        var writtenBefore = DateTime.UtcNow - AbandonedAfter;
        try
        {
            foreach (var candidate in new DirectoryInfo(directory).EnumerateFiles($".{targetName}.*{Suffix}", Candidates))
            {
                if (candidate.LastWriteTimeUtc < writtenBefore)
                {
                    TryRemove(candidate.FullName);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The folder cannot be listed: the write itself may still succeed, so leave the files for another time.
        }
    }

    /// <summary>Deletes the file if no one holds it open, while holding it exclusively itself.</summary>
    private static void TryRemove(string path)
    {
        try
        {
            using (new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, bufferSize: 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Held by a writer that still lives, gone already, or not ours to delete: leave it.
        }
    }
}
