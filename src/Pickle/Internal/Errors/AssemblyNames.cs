using System.Reflection;

namespace Pickling.Internal;

/// <summary>Assemblies' simple names, as the type tags and the check for .NET's own types read them.</summary>
internal static class AssemblyNames
{
    /// <summary>
    /// The simple name of <paramref name="assembly"/> (<see cref="AssemblyName.Name"/>), read from its display name:
    /// <see cref="Assembly.GetName()"/> makes a whole <see cref="AssemblyName"/>, culture included, which sets up .NET's
    /// cultures the first time a process asks. A name that its display name escapes or quotes (one holding a comma,
    /// an equals sign, a quote or a backslash, or spaces at its ends) is read from the <see cref="AssemblyName"/>.
    /// </summary>
    public static string? SimpleName(Assembly assembly)
    {
        var full = assembly.FullName;
        var comma = full?.IndexOf(',', StringComparison.Ordinal) ?? -1;
        return full is not null && comma > 0 && full.AsSpan(0, comma).IndexOfAny("\\\"'") < 0
            && !char.IsWhiteSpace(full[0]) && !char.IsWhiteSpace(full[comma - 1])
            ? full[..comma]
            : assembly.GetName().Name;
    }
}
