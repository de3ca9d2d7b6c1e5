using System.Collections.Concurrent;
using System.Reflection;
using System.Text;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The type names Pickle writes into payloads, and their resolution on load. A name is the type's full name with
/// generic arguments in double brackets and, for types outside the core library, the assembly's simple name
/// (<c>MyApp.Dog, MyApp</c>; <c>System.Collections.Generic.List`1[[MyApp.Dog, MyApp]]</c>): no version, culture or
/// key, so names survive new versions of an assembly. Resolution only looks among assemblies already loaded in the
/// process; it never loads an assembly because a pickle names it.
/// </summary>
internal static class TypeTags
{
    public const int MaxNameLength = 2048;
    private const int MaxCachedNames = 4096;

    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);

    public static string NameOf(Type type) => Names.GetOrAdd(type, static t => Append(new StringBuilder(), t, qualify: true).ToString());

    /// <summary>The loaded type a name stands for, or <see langword="null"/> if no loaded assembly has it.</summary>
    public static Type? Resolve(string name)
    {
        if (Resolved.TryGetValue(name, out var known))
        {
            return known;
        }

        if (name.Length is 0 or > MaxNameLength)
        {
            return null;
        }

        Type? type;
        try
        {
            type = Type.GetType(name, FindLoadedAssembly, FindType, throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or FileLoadException or BadImageFormatException or FileNotFoundException)
        {
            return null;
        }

        if (type is not null && Resolved.Count < MaxCachedNames)
        {
            Resolved.TryAdd(name, type);
        }

        return type;
    }

    private static StringBuilder Append(StringBuilder builder, Type type, bool qualify)
    {
        if (type.IsArray)
        {
            Append(builder, type.GetElementType()!, qualify: false);
            builder.Append(type.IsSZArray ? "[]" : "[" + new string(',', type.GetArrayRank() - 1) + "]");
        }
        else if (type.IsConstructedGenericType)
        {
            builder.Append(type.GetGenericTypeDefinition().FullName).Append('[');
            var arguments = type.GetGenericArguments();
            for (var i = 0; i < arguments.Length; i++)
            {
                builder.Append(i == 0 ? "[" : ",[");
                Append(builder, arguments[i], qualify: true).Append(']');
            }

            builder.Append(']');
        }
        else
        {
            builder.Append(type.FullName ?? type.Name);
        }

        if (qualify && type.Assembly != typeof(object).Assembly)
        {
            builder.Append(", ").Append(type.Assembly.GetName().Name);
        }

        return builder;
    }

    private static Assembly? FindLoadedAssembly(AssemblyName name)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && string.Equals(assembly.GetName().Name, name.Name, StringComparison.Ordinal))
            {
                return assembly;
            }
        }

        return null;
    }

    private static Type? FindType(Assembly? assembly, string name, bool ignoreCase) =>
        (assembly ?? typeof(object).Assembly).GetType(name, throwOnError: false, ignoreCase: false);
}
