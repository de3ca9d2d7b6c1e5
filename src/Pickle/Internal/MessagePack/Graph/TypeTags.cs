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

    /// <summary>The most distinct type names one payload may give: each costs a lookup among the loaded assemblies.</summary>
    public const int MaxNamesPerPayload = 1024;

    /// <summary>
    /// The most closed generic types (and arrays) one payload may make that the process has not made from a payload
    /// before: each new one costs its type and formatters, kept for the life of the process.
    /// </summary>
    public const int MaxNewGenericTypesPerPayload = 64;

    /// <summary>The most closed generic types the process makes from the names in payloads, over its whole life.</summary>
    public const int MaxGenericTypesFromPayloads = 4096;

    private const int MaxCachedNames = 4096;

    private static int s_genericTypesMade;

    private static readonly ConcurrentDictionary<Type, string> Names = new();
    private static readonly ConcurrentDictionary<string, Type> Resolved = new(StringComparer.Ordinal);

    public static string NameOf(Type type) => Names.GetOrAdd(type, static t => Append(new StringBuilder(), t, qualify: true).ToString());

    /// <summary>
    /// The loaded type a name stands for, or <see langword="null"/> if no loaded assembly has it. Each simple type in
    /// the name (the name itself, a generic argument, an array's element) is looked up in this order: the options'
    /// <see cref="PickleOptions.TypeAliases"/> (the name with its assembly, then without), the type of that name in
    /// a loaded assembly, and a type marked with it as a <see cref="PickleFormerNameAttribute"/>. A name that would
    /// make a closed generic type (or an array) the process has not made from a payload before counts against the
    /// payload's and the process's bounds (<paramref name="state"/> counts the payload's); beyond them it is a
    /// <see cref="PickleException"/>.
    /// </summary>
    public static Type? Resolve(string name, GraphState? state)
    {
        var aliases = state?.TypeAliases;
        if (aliases is null && Resolved.TryGetValue(name, out var known))
        {
            return known;
        }

        if (name.Length is 0 or > MaxNameLength || WrittenTypeName.Parse(name) is not { } parsed)
        {
            return null;
        }

        // The name as this program's types are named, aliases and former names replaced: made and cached under that.
        var lookup = new LeafLookup(aliases);
        var builder = new StringBuilder(name.Length);
        if (!AppendResolved(builder, parsed, qualify: true, lookup))
        {
            return null;
        }

        var canonical = builder.ToString();
        if (!Resolved.TryGetValue(canonical, out var type))
        {
            if (canonical.Contains('[', StringComparison.Ordinal))
            {
                CountNewGenericType(canonical, state);
            }

            type = Make(canonical);
            if (type is null)
            {
                return null;
            }

            if (Resolved.Count < MaxCachedNames)
            {
                Resolved.TryAdd(canonical, type);
            }
        }

        if (!lookup.UsedAlias && Resolved.Count < MaxCachedNames)
        {
            Resolved.TryAdd(name, type);
        }

        return type;
    }

    private static Type? Make(string canonical)
    {
        try
        {
            return Type.GetType(canonical, FindLoadedAssembly, FindType, throwOnError: false);
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or FileLoadException or BadImageFormatException or FileNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Appends the name, in the form <see cref="NameOf"/> writes, of the type <paramref name="name"/> stands for;
    /// false if a part of it stands for no type. Makes no type.
    /// </summary>
    private static bool AppendResolved(StringBuilder builder, WrittenTypeName name, bool qualify, LeafLookup lookup)
    {
        if (lookup.Find(name.SimpleName, name.AssemblyName) is not { } type)
        {
            return false;
        }

        Append(builder, type, qualify: false);
        if (name.Arguments is { } arguments)
        {
            builder.Append('[');
            for (var i = 0; i < arguments.Count; i++)
            {
                builder.Append(i == 0 ? "[" : ",[");
                if (!AppendResolved(builder, arguments[i], qualify: true, lookup))
                {
                    return false;
                }

                builder.Append(']');
            }

            builder.Append(']');
        }

        foreach (var rank in name.ArrayRanks ?? [])
        {
            builder.Append(rank switch { 0 => "[*]", 1 => "[]", _ => "[" + new string(',', rank - 1) + "]" });
        }

        if (qualify && type.Assembly != typeof(object).Assembly)
        {
            builder.Append(", ").Append(AssemblyNames.SimpleName(type.Assembly));
        }

        return true;
    }

    /// <summary>Counts a closed generic type (or array) made from a pickle against the payload's and the process's bounds.</summary>
    public static void CountNewGenericType(string name, GraphState? state)
    {
        if (state is not null && ++state.NewGenericTypes > MaxNewGenericTypesPerPayload)
        {
            throw new PickleException(
                $"The pickle names more than {MaxNewGenericTypesPerPayload} generic types that this program has not loaded from a pickle before " +
                $"(the last one '{Shorten(name)}'). Each costs memory for the life of the program, so Pickle refuses that many from one pickle: " +
                "the file was not written by Pickle from an ordinary value, or it is hostile. If you trust it, load values of these types once each first.");
        }

        if (Interlocked.Increment(ref s_genericTypesMade) > MaxGenericTypesFromPayloads)
        {
            Interlocked.Decrement(ref s_genericTypesMade);
            throw new PickleException(
                $"This program has made {MaxGenericTypesFromPayloads:N0} generic types from the names in pickles, the most Pickle makes in one process, " +
                $"and the pickle names another ('{Shorten(name)}'). Restart the program, or load fewer distinct types.");
        }
    }

    private static string Shorten(string name) => name.Length <= 200 ? name : string.Concat(name.AsSpan(0, 200), "...");

    private static StringBuilder Append(StringBuilder builder, Type type, bool qualify)
    {
        if (type.IsArray)
        {
            Append(builder, type.GetElementType()!, qualify: false);
            builder.Append(type.IsSZArray ? "[]" : type.GetArrayRank() == 1 ? "[*]" : "[" + new string(',', type.GetArrayRank() - 1) + "]");
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
            builder.Append(", ").Append(AssemblyNames.SimpleName(type.Assembly));
        }

        return builder;
    }

    private static Assembly? FindLoadedAssembly(AssemblyName name) => FindLoadedAssembly(name.Name);

    private static Assembly? FindLoadedAssembly(string? name)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && string.Equals(assembly.GetName().Name, name, StringComparison.Ordinal))
            {
                return assembly;
            }
        }

        return null;
    }

    private static Type? FindType(Assembly? assembly, string name, bool ignoreCase) =>
        (assembly ?? typeof(object).Assembly).GetType(name, throwOnError: false, ignoreCase: false);

    /// <summary>
    /// Finds the type a simple name (no generic arguments, not an array) stands for: an alias, a loaded type, a
    /// former name. Remembers whether an alias was used, as then the result holds for these options only.
    /// </summary>
    private sealed class LeafLookup(IReadOnlyDictionary<string, Type>? aliases)
    {
        public bool UsedAlias { get; private set; }

        public Type? Find(string fullName, string? assemblyName)
        {
            if (aliases is not null
                && ((assemblyName is not null && aliases.TryGetValue(fullName + ", " + assemblyName, out var alias)) || aliases.TryGetValue(fullName, out alias)))
            {
                UsedAlias = true;
                return alias;
            }

            var assembly = assemblyName is null ? typeof(object).Assembly : FindLoadedAssembly(assemblyName);
            Type? type;
            try
            {
                type = assembly?.GetType(fullName, throwOnError: false, ignoreCase: false);
            }
            catch (Exception e) when (e is ArgumentException or FileLoadException or BadImageFormatException or FileNotFoundException)
            {
                type = null;
            }

            return type ?? FormerTypeNames.Find(fullName, assemblyName);
        }
    }
}
