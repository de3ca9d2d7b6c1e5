namespace Pickling.Tests.Support;

/// <summary>
/// A test of Unix file modes, owners or symbolic links: skipped on Windows; with <see cref="NeedsRoot"/>, also skipped
/// unless it runs as root on Linux, the only place a process may give a file to another owner.
/// </summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public const string NotOnWindows = "Unix file modes, owners and symbolic links are not Windows's.";

    private bool _needsRoot;

    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = NotOnWindows;
        }
    }

    public bool NeedsRoot
    {
        get => _needsRoot;
        set
        {
            _needsRoot = value;
            if (value && !(OperatingSystem.IsLinux() && Environment.UserName == "root"))
            {
                Skip = "Changing a file's owner needs root on Linux.";
            }
        }
    }
}
