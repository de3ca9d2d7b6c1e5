using System.Collections.Concurrent;
using System.Collections.ObjectModel;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The codes a version-2 payload gives common types in its root type (FORMAT.md, "The root type"): one byte for a
/// type such as <see cref="int"/>, or for a generic type definition or array kind whose arguments follow. The table
/// only grows: a code, once given, always means the same type.
/// </summary>
internal static class RootTypeCodes
{
    /// <summary>A one-dimensional, zero-based array (<c>T[]</c>): <c>[40, element]</c>.</summary>
    public const int Vector = 40;

    /// <summary>Any other array (<c>T[,]</c>, or one-dimensional with a lower bound, <c>T[*]</c>): <c>[41, rank, element]</c>.</summary>
    public const int MultiDimensional = 41;

    /// <summary>By code: the type, or the name of one outside System.Private.CoreLib until it is first needed (<see cref="TypeOf"/>).</summary>
    private static readonly object?[] s_entries = Build();

    private static readonly Type?[] s_types = new Type?[s_entries.Length];

    /// <summary>The codes of the types given as types (System.Private.CoreLib's, whose <c>typeof</c> loads no assembly).</summary>
    private static readonly Dictionary<Type, int> s_codes = CodesOfTypes(s_entries);

    /// <summary>The codes of the types given by name, by full name.</summary>
    private static readonly Dictionary<string, int> s_codesByName = CodesOfNames(s_entries);

    /// <summary>
    /// The type or generic type definition a code stands for, or <see langword="null"/> for a code not in the table
    /// (or, in a runtime without the assembly of a type named in it, for that type's code: a payload then gets the
    /// error of an unknown code, not an exception of the type loader).
    /// </summary>
    public static Type? TypeOf(long code) =>
        code < 0 || code >= s_entries.Length ? null
        : s_types[code] ?? (s_types[code] = s_entries[code] as Type ?? (s_entries[code] is string name ? Type.GetType(name, throwOnError: false) : null));

    /// <summary>Every code in the table with its type, for FORMAT.md's table and its test.</summary>
    public static IEnumerable<(int Code, Type Type)> All =>
        Enumerable.Range(0, s_entries.Length).Select(code => (code, Type: TypeOf(code))).Where(entry => entry.Type is not null).Select(entry => (entry.code, entry.Type!));

    /// <summary>
    /// The code of a type or generic type definition, or -1 if it has none. A type of another assembly than
    /// System.Private.CoreLib is found by its full name, then checked to be the very type the table names, so that
    /// neither a type of the same name elsewhere nor the lookup of a type with no code loads an assembly. A type of
    /// neither System.Private.CoreLib nor a <c>System</c> namespace (a program's own) has no code without a look at
    /// the table (<see cref="MayBeListed"/>), which is made only when a type may be in it.
    /// </summary>
    public static int CodeOf(Type type) =>
        !MayBeListed(type) ? -1
        : s_codes.TryGetValue(type, out var code) ? code
        : type.FullName is { } name && s_codesByName.TryGetValue(name, out code) && TypeOf(code) == type ? code
        : -1;

    /// <summary>
    /// False for a type the table cannot hold: the types it gives as types are System.Private.CoreLib's, and those it
    /// gives by name are in <c>System</c> namespaces (RootTypeTests checks every entry).
    /// </summary>
    public static bool MayBeListed(Type type) =>
        type.Assembly == typeof(object).Assembly || (type.FullName?.StartsWith("System.", StringComparison.Ordinal) ?? false);

    private static Dictionary<Type, int> CodesOfTypes(object?[] entries)
    {
        var codes = new Dictionary<Type, int>(entries.Length);
        for (var code = 0; code < entries.Length; code++)
        {
            if (entries[code] is Type type)
            {
                codes.Add(type, code);
            }
        }

        return codes;
    }

    private static Dictionary<string, int> CodesOfNames(object?[] entries)
    {
        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var code = 0; code < entries.Length; code++)
        {
            if (entries[code] is string name)
            {
                codes.Add(name[..name.IndexOf(',', StringComparison.Ordinal)], code);
            }
        }

        return codes;
    }

    /// <summary>
    /// The table, by code. A type outside System.Private.CoreLib is given by its assembly-qualified name rather than by
    /// <c>typeof</c>, which would load its assembly (System.Runtime.Numerics, System.Private.Uri, System.Collections,
    /// System.ObjectModel, System.Collections.Concurrent, System.Collections.Immutable) whenever the table is made, for
    /// the first dump of any value.
    /// </summary>
    private static object?[] Build()
    {
        var entries = new object?[100];
        object[] scalars =
        [
            typeof(object), typeof(bool), typeof(char), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int),
            typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(string), typeof(DateTime),
            typeof(DateTimeOffset), typeof(TimeSpan), typeof(DateOnly), typeof(TimeOnly), typeof(Guid), typeof(Half), typeof(Int128),
            typeof(UInt128), "System.Numerics.BigInteger, System.Runtime.Numerics", "System.Numerics.Complex, System.Runtime.Numerics",
            "System.Uri, System.Private.Uri", typeof(Version), typeof(nint), typeof(nuint),
        ];
        scalars.CopyTo(entries, 1);
        object[] generics =
        [
            typeof(Nullable<>), typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>),
            "System.Collections.Generic.SortedDictionary`2, System.Collections", "System.Collections.Generic.SortedSet`1, System.Collections",
            "System.Collections.Generic.SortedList`2, System.Collections", typeof(Queue<>), "System.Collections.Generic.Stack`1, System.Collections",
            "System.Collections.Generic.LinkedList`1, System.Collections", typeof(KeyValuePair<,>),
            typeof(ReadOnlyCollection<>), "System.Collections.ObjectModel.ObservableCollection`1, System.ObjectModel",
            "System.Collections.Concurrent.ConcurrentDictionary`2, System.Collections.Concurrent", typeof(ConcurrentQueue<>),
            "System.Collections.Concurrent.ConcurrentStack`1, System.Collections.Concurrent",
            "System.Collections.Concurrent.ConcurrentBag`1, System.Collections.Concurrent",
            "System.Collections.Immutable.ImmutableArray`1, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableList`1, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableDictionary`2, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableHashSet`1, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableSortedDictionary`2, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableSortedSet`1, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableQueue`1, System.Collections.Immutable",
            "System.Collections.Immutable.ImmutableStack`1, System.Collections.Immutable",
            typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>),
            typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>), typeof(ValueTuple<>),
            typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>),
            typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>), typeof(IEnumerable<>), typeof(IList<>), typeof(IReadOnlyList<>),
            typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(ISet<>), typeof(IReadOnlySet<>), typeof(IDictionary<,>),
            typeof(IReadOnlyDictionary<,>),
        ];
        generics.CopyTo(entries, 42);
        entries[31] = typeof(ValueTuple);
        return entries;
    }
}
