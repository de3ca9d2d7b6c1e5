using System.Collections.Concurrent;
using System.Reflection.Metadata;
using System.Text;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal.Nrbf;

/// <summary>
/// BinaryFormatter's type names, turned into the names Pickle writes (<see cref="TypeTags"/>: full name, generic
/// arguments in double brackets, the assembly's simple name for types outside the core library) and resolved among
/// the loaded assemblies as Pickle resolves its own. BinaryFormatter names the .NET Framework's assemblies
/// (<c>mscorlib</c>, <c>System</c>, <c>System.Core</c>); a type of those is looked up where .NET keeps it now.
/// </summary>
internal static class NrbfTypeNames
{
    private const int MaxCachedHomes = 1024;

    private static readonly ConcurrentDictionary<string, string?> FrameworkHomes = new(StringComparer.Ordinal);

    /// <summary>The assemblies that hold the .NET Framework's collections now, looked in first (and so loaded).</summary>
    private static readonly System.Reflection.Assembly[] Anchors =
    [
        typeof(object).Assembly,
        typeof(Queue<>).Assembly,
        typeof(System.Collections.Specialized.NameValueCollection).Assembly,
        typeof(System.Collections.Concurrent.ConcurrentBag<>).Assembly,
        typeof(System.Collections.ObjectModel.ObservableCollection<>).Assembly,
    ];

    /// <summary>The name Pickle writes for the type <paramref name="name"/> stands for; a framework type without its old assembly.</summary>
    public static string PickleName(TypeName name)
    {
        var builder = new StringBuilder();
        Append(builder, name, qualify: true);
        return builder.ToString();
    }

    /// <summary>The loaded type <paramref name="name"/> stands for, as <see cref="TypeTags.Resolve"/> finds it (aliases included); <see langword="null"/> if none.</summary>
    public static Type? Resolve(TypeName name, GraphState state) => TypeTags.Resolve(PickleName(name), state);

    private static void Append(StringBuilder builder, TypeName name, bool qualify)
    {
        if (name.IsArray)
        {
            Append(builder, name.GetElementType(), qualify: false);
            var rank = name.GetArrayRank();
            builder.Append(name.IsSZArray ? "[]" : rank == 1 ? "[*]" : "[" + new string(',', rank - 1) + "]");
            AppendAssembly(builder, Innermost(name), qualify);
            return;
        }

        if (name.IsConstructedGenericType)
        {
            builder.Append(name.GetGenericTypeDefinition().FullName).Append('[');
            var arguments = name.GetGenericArguments();
            for (var i = 0; i < arguments.Length; i++)
            {
                builder.Append(i == 0 ? "[" : ",[");
                Append(builder, arguments[i], qualify: true);
                builder.Append(']');
            }

            builder.Append(']');
            AppendAssembly(builder, name.GetGenericTypeDefinition(), qualify);
            return;
        }

        builder.Append(name.FullName);
        AppendAssembly(builder, name, qualify);
    }

    private static TypeName Innermost(TypeName name)
    {
        while (name.IsArray)
        {
            name = name.GetElementType();
        }

        return name.IsConstructedGenericType ? name.GetGenericTypeDefinition() : name;
    }

    private static void AppendAssembly(StringBuilder builder, TypeName leaf, bool qualify)
    {
        if (!qualify || leaf.AssemblyName?.Name is not { } assembly)
        {
            return;
        }

        var home = IsFrameworkName(assembly) ? FrameworkHome(leaf.FullName) : assembly;
        if (home is not null && home != typeof(object).Assembly.GetName().Name)
        {
            builder.Append(", ").Append(home);
        }
        else if (home is null)
        {
            builder.Append(", ").Append(assembly);
        }
    }

    private static bool IsFrameworkName(string assembly) =>
        assembly is "mscorlib" or "System" or "System.Core" or "netstandard" or "System.Private.CoreLib"
        || assembly.StartsWith("System.", StringComparison.Ordinal);

    /// <summary>The simple name of the framework assembly that defines <paramref name="fullName"/> now, or <see langword="null"/>.</summary>
    private static string? FrameworkHome(string fullName)
    {
        if (FrameworkHomes.TryGetValue(fullName, out var known))
        {
            return known;
        }

        string? home = null;
        foreach (var assembly in Anchors.Concat(AppDomain.CurrentDomain.GetAssemblies()))
        {
            if (!assembly.IsDynamic && assembly.GetType(fullName, throwOnError: false) is { } type && FieldModel.IsFrameworkType(type))
            {
                home = assembly.GetName().Name;
                break;
            }
        }

        if (FrameworkHomes.Count < MaxCachedHomes)
        {
            FrameworkHomes.TryAdd(fullName, home);
        }

        return home;
    }
}
