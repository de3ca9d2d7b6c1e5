namespace Pickling.Cli;

/// <summary>The tool's exit codes, as its README documents them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything was read and every frame is intact.</summary>
    public const int Success = 0;

    /// <summary>A file is damaged, cut short, not a pickle, or holds content the tool cannot convert.</summary>
    public const int Damaged = 1;

    /// <summary>A file could not be opened, read or written, or the command line was wrong.</summary>
    public const int Failed = 2;
}
