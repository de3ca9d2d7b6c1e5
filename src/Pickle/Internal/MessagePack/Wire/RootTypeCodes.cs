using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Numerics;

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

    private static readonly Type?[] s_types = Build();

    private static readonly Dictionary<Type, int> s_codes = Index(s_types);

    /// <summary>The type or generic type definition a code stands for, or <see langword="null"/> for a code not in the table.</summary>
    public static Type? TypeOf(long code) => code >= 0 && code < s_types.Length ? s_types[code] : null;

    /// <summary>Every code in the table with its type, for FORMAT.md's table and its test.</summary>
    public static IEnumerable<(int Code, Type Type)> All =>
        s_types.Select((type, code) => (code, type)).Where(entry => entry.type is not null).Select(entry => (entry.code, entry.type!));

    /// <summary>The code of <paramref name="type"/> (a non-generic type or a generic type definition), or -1.</summary>
    public static int CodeOf(Type type) => s_codes.TryGetValue(type, out var code) ? code : -1;

    /// <summary>Each type's code: a loop rather than a query, whose generic code over tuples a first dump would compile.</summary>
    private static Dictionary<Type, int> Index(Type?[] types)
    {
        var codes = new Dictionary<Type, int>(types.Length);
        for (var code = 0; code < types.Length; code++)
        {
            if (types[code] is { } type)
            {
                codes.Add(type, code);
            }
        }

        return codes;
    }

    private static Type?[] Build()
    {
        var types = new Type?[100];
        Type[] scalars =
        [
            typeof(object), typeof(bool), typeof(char), typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int),
            typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(string), typeof(DateTime),
            typeof(DateTimeOffset), typeof(TimeSpan), typeof(DateOnly), typeof(TimeOnly), typeof(Guid), typeof(Half), typeof(Int128),
            typeof(UInt128), typeof(BigInteger), typeof(Complex), typeof(Uri), typeof(Version), typeof(nint), typeof(nuint),
        ];
        scalars.CopyTo(types, 1);
        Type[] generics =
        [
            typeof(Nullable<>), typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(SortedDictionary<,>), typeof(SortedSet<>),
            typeof(SortedList<,>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>), typeof(KeyValuePair<,>),
            typeof(ReadOnlyCollection<>), typeof(ObservableCollection<>), typeof(ConcurrentDictionary<,>), typeof(ConcurrentQueue<>),
            typeof(ConcurrentStack<>), typeof(ConcurrentBag<>), typeof(ImmutableArray<>), typeof(ImmutableList<>),
            typeof(ImmutableDictionary<,>), typeof(ImmutableHashSet<>), typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>),
            typeof(ImmutableQueue<>), typeof(ImmutableStack<>), typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>),
            typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>), typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>), typeof(ValueTuple<>),
            typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>),
            typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>), typeof(IEnumerable<>), typeof(IList<>), typeof(IReadOnlyList<>),
            typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(ISet<>), typeof(IReadOnlySet<>), typeof(IDictionary<,>),
            typeof(IReadOnlyDictionary<,>),
        ];
        generics.CopyTo(types, 42);
        types[31] = typeof(ValueTuple);
        return types;
    }
}
