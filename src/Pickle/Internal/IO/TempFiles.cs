using System.Buffers;
using System.Security.Cryptography;

namespace Pickling.Internal;

/// <summary>
/// The temporary files <see cref="AtomicFile"/> writes beside a target, and the removal of those whose writers died.
/// </summary>
/// <remarks>
/// <para>
/// A temporary file is named ".", 12 random characters and ".pickle-tmp": 24 characters whatever the target is called,
/// so that a target with the longest name the file system accepts still has room for one beside it. Earlier versions
/// named it ".", the target's name, ".", 32 hexadecimal digits and ".pickle-tmp"; those are recognised too.
/// </para>
/// <para>
/// A temporary file is abandoned when nothing has written to it for <see cref="AbandonedAfter"/> and no writer holds it
/// open. A live writer holds its file open exclusively while it writes, closes it and renames it over the target moments
/// later, so its file is always either locked or freshly written. Being unlocked is not enough on its own: between a
/// writer's close and its rename the file is unlocked yet still needed, and a file locked just after its rename is
/// already the target, which readers could then not open.
/// </para>
/// </remarks>
internal static class TempFiles
{
    /// <summary>How long a temporary file must have gone unwritten before it may be taken for abandoned.</summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    private const string Suffix = ".pickle-tmp";
    private const string TokenAlphabet = "0123456789abcdefghijklmnopqrstuv";
    private const int TokenLength = 12;
    private const int OldTokenLength = 32;

    private static readonly SearchValues<char> TokenCharacters = SearchValues.Create(TokenAlphabet);
    private static readonly SearchValues<char> OldTokenCharacters = SearchValues.Create("0123456789abcdef");

    private static readonly EnumerationOptions Candidates = new()
    {
        AttributesToSkip = 0,
        IgnoreInaccessible = true,
        MatchType = MatchType.Simple,
    };

    /// <summary>A new, unique name for a temporary file.</summary>
    public static string NewName()
    {
        Span<byte> random = stackalloc byte[TokenLength];
        RandomNumberGenerator.Fill(random);
        Span<char> token = stackalloc char[TokenLength];
        for (var i = 0; i < TokenLength; i++)
        {
            token[i] = TokenAlphabet[random[i] % TokenAlphabet.Length];
        }

        return string.Concat(".", token, Suffix);
    }

    /// <summary>Whether <paramref name="name"/> is the name of a temporary file, of this version or an earlier one.</summary>
    public static bool IsTempName(ReadOnlySpan<char> name)
    {
        if (name.Length <= 1 + Suffix.Length || name[0] != '.' || !name.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var stem = name[1..^Suffix.Length];
        var dot = stem.LastIndexOf('.');
        if (dot < 0)
        {
            return stem.Length == TokenLength && !stem.ContainsAnyExcept(TokenCharacters);
        }

        var oldToken = stem[(dot + 1)..];
        return dot > 0 && oldToken.Length == OldTokenLength && !oldToken.ContainsAnyExcept(OldTokenCharacters);
    }

    /// <summary>
    /// Deletes the abandoned temporary files in <paramref name="directory"/>, whichever target they were written for.
    /// </summary>
    public static void RemoveAbandoned(string directory)
    {
        var writtenBefore = DateTime.UtcNow - AbandonedAfter;
        try
        {
            foreach (var candidate in new DirectoryInfo(directory).EnumerateFiles($"*{Suffix}", Candidates))
            {
                if (IsTempName(candidate.Name) && candidate.LastWriteTimeUtc < writtenBefore)
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
