namespace Pickling.Tests.Support;

/// <summary>A theory about Unix file modes, owners or symbolic links: skipped on Windows, as <see cref="UnixFactAttribute"/>.</summary>
public sealed class UnixTheoryAttribute : TheoryAttribute
{
    public UnixTheoryAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = UnixFactAttribute.NotOnWindows;
        }
    }
}
