using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The former names that loaded types carry as <see cref="PickleFormerNameAttribute"/>, for <see cref="TypeTags.Resolve"/>:
/// looked up only for a name no loaded type has. Each assembly's types are read once, when a name is first looked
/// up after it was loaded, and only if it references Pickle (no other can carry the attribute); what is kept is
/// bounded by the attributes in the program's own code, never by what a pickle names. No assembly is loaded.
/// </summary>
internal static class FormerTypeNames
{
    private static readonly string PickleAssembly = typeof(PickleFormerNameAttribute).Assembly.GetName().Name!;

    private static readonly string CoreLibrary = typeof(object).Assembly.GetName().Name!;

    private static readonly ConditionalWeakTable<Assembly, Claim[]> ByAssembly = [];

    /// <summary>
    /// The type that claims <paramref name="fullName"/> (written by an assembly named <paramref name="assemblyName"/>,
    /// <see langword="null"/> for the core library) as its former name, or <see langword="null"/>; two that claim it
    /// are a <see cref="PickleException"/>.
    /// </summary>
    public static Type? Find(string fullName, string? assemblyName)
    {
        Type? found = null;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            foreach (var claim in ByAssembly.GetValue(assembly, Read))
            {
                if (string.Equals(claim.FullName, fullName, StringComparison.Ordinal)
                    && (claim.AssemblyName is null || string.Equals(claim.AssemblyName, assemblyName ?? CoreLibrary, StringComparison.Ordinal)))
                {
                    if (found is not null && found != claim.Type)
                    {
                        throw LoadErrors.FormerTypeNameTwice(fullName, found, claim.Type);
                    }

                    found = claim.Type;
                }
            }
        }

        return found;
    }

    private static Claim[] Read(Assembly assembly)
    {
        if (assembly.IsDynamic || !References(assembly))
        {
            return [];
        }

        Type?[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = e.Types;
        }

        var claims = new List<Claim>();
        foreach (var type in types)
        {
            if (type is null || !type.IsDefined(typeof(PickleFormerNameAttribute), inherit: false))
            {
                continue;
            }

            foreach (var attribute in type.GetCustomAttributes<PickleFormerNameAttribute>(inherit: false))
            {
                var comma = attribute.Name.LastIndexOf(',');
                claims.Add(comma < 0 || attribute.Name.LastIndexOf(']') > comma
                    ? new Claim(attribute.Name.Trim(), null, type)
                    : new Claim(attribute.Name[..comma].Trim(), attribute.Name[(comma + 1)..].Trim(), type));
            }
        }

        return [.. claims];
    }

    private static bool References(Assembly assembly)
    {
        foreach (var reference in assembly.GetReferencedAssemblies())
        {
            if (string.Equals(reference.Name, PickleAssembly, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A former name (<paramref name="AssemblyName"/> if it names one) and the type that claims it.</summary>
    private readonly record struct Claim(string FullName, string? AssemblyName, Type Type);
}
