using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Numerics;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Decides whether a payload whose root type is one type may be loaded as another, and how: as its own type when
/// the type asked for is that type, a base type or an interface of it (the usual allow rules apply to the type in
/// the payload), as the type asked for when only numbers or the elements of collections differ in a way its
/// formatter converts (<c>List&lt;int&gt;</c> as <c>long[]</c>, <c>int</c> as <c>long</c>), and never as an
/// unrelated type: loading a <c>Person</c> as an <c>Invoice</c> is an error, not an <c>Invoice</c> of defaults.
/// </summary>
internal static class RootTypeCheck
{
    private const int MaxMadeTypes = 4096;

    private static readonly ConcurrentDictionary<Type, byte> s_made = new();

    private static readonly HashSet<Type> Numbers =
    [
        typeof(sbyte), typeof(byte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long), typeof(ulong),
        typeof(nint), typeof(nuint), typeof(Int128), typeof(UInt128), typeof(BigInteger), typeof(Half), typeof(float),
        typeof(double), typeof(decimal),
    ];

    private static readonly HashSet<Type> Sequences =
    [
        typeof(List<>), typeof(HashSet<>), typeof(SortedSet<>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>),
        typeof(ReadOnlyCollection<>), typeof(ObservableCollection<>), typeof(ConcurrentQueue<>), typeof(ConcurrentStack<>),
        typeof(ConcurrentBag<>), typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableHashSet<>),
        typeof(ImmutableSortedSet<>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>), typeof(IEnumerable<>), typeof(IList<>),
        typeof(IReadOnlyList<>), typeof(ICollection<>), typeof(IReadOnlyCollection<>), typeof(ISet<>), typeof(IReadOnlySet<>),
    ];

    private static readonly HashSet<Type> Dictionaries =
    [
        typeof(Dictionary<,>), typeof(SortedDictionary<,>), typeof(SortedList<,>), typeof(ConcurrentDictionary<,>),
        typeof(ImmutableDictionary<,>), typeof(ImmutableSortedDictionary<,>), typeof(IDictionary<,>), typeof(IReadOnlyDictionary<,>),
    ];

    /// <summary>
    /// The type to read a root of type <paramref name="root"/> as, when loaded as a <typeparamref name="T"/>:
    /// <see langword="null"/> for <typeparamref name="T"/> itself; a <see cref="PickleException"/> if it cannot be loaded so.
    /// </summary>
    public static Type? ReadAs<T>(Type root, GraphState state)
    {
        if (root == typeof(T))
        {
            return null;
        }

        if (typeof(T).IsAssignableFrom(root))
        {
            CheckAllowed(root, typeof(T), state);
            return root;
        }

        return Converts(root, typeof(T))
            ? null
            : throw new PickleException(
                $"The pickle holds a {TypeNames.Of(root)}; it cannot be loaded as a {TypeNames.Of(typeof(T))}. " +
                $"Load it as a {TypeNames.Of(root)}, as a type it can be assigned to, or as object. If the type was renamed, " +
                "mark the new type [PickleFormerName] with the old name, or map the old name in PickleOptions.TypeAliases.");
    }

    /// <summary>
    /// The type policy's check of a root of type <paramref name="root"/> dumped or loaded as a <paramref name="declared"/>:
    /// the same on both sides, so that no dump writes a root its load would refuse.
    /// </summary>
    public static void CheckAllowed(Type root, Type declared, GraphState state) => state.Policy.Check(root, declared);

    /// <summary>A root type naming a type no loaded assembly defines.</summary>
    public static PickleException Unresolved(string name) => LoadErrors.UnknownType(name, expected: null);

    /// <summary>Counts a generic type or array a root type made, the first time, against the bounds on types made from pickles.</summary>
    public static void CountMade(Type made, GraphState state)
    {
        if (!s_made.ContainsKey(made))
        {
            TypeTags.CountNewGenericType(TypeNames.Of(made), state);
            if (s_made.Count < MaxMadeTypes)
            {
                s_made.TryAdd(made, 0);
            }
        }
    }

    /// <summary>Whether a <paramref name="stored"/> value is read as a <paramref name="wanted"/> by the formatter of <paramref name="wanted"/>, unchanged but for conversions.</summary>
    private static bool Converts(Type stored, Type wanted)
    {
        if (stored == wanted || wanted.IsAssignableFrom(stored))
        {
            return true;
        }

        if (Nullable.GetUnderlyingType(wanted) is { } wantedValue)
        {
            return Converts(stored, wantedValue);
        }

        if (Nullable.GetUnderlyingType(stored) is { } storedValue)
        {
            return Converts(storedValue, wanted);
        }

        if (IsNumber(stored) && IsNumber(wanted))
        {
            // An enum is its number, but two different enums are two different types.
            return !(stored.IsEnum && wanted.IsEnum);
        }

        if (ElementOf(stored) is { } storedElement && ElementOf(wanted) is { } wantedElement)
        {
            return (!stored.IsArray || !wanted.IsArray || stored.GetArrayRank() == wanted.GetArrayRank())
                && (stored.IsSZArray || !stored.IsArray) == (wanted.IsSZArray || !wanted.IsArray)
                && Converts(storedElement, wantedElement);
        }

        if (stored.IsConstructedGenericType && wanted.IsConstructedGenericType)
        {
            var storedDefinition = stored.GetGenericTypeDefinition();
            var wantedDefinition = wanted.GetGenericTypeDefinition();
            if (storedDefinition == wantedDefinition || (Dictionaries.Contains(storedDefinition) && Dictionaries.Contains(wantedDefinition)))
            {
                var storedArguments = stored.GetGenericArguments();
                var wantedArguments = wanted.GetGenericArguments();
                return RootTypeCodes.CodeOf(storedDefinition) >= 0
                    && storedArguments.Length == wantedArguments.Length
                    && storedArguments.Zip(wantedArguments).All(pair => Converts(pair.First, pair.Second));
            }
        }

        return false;
    }

    private static bool IsNumber(Type type) => Numbers.Contains(type) || type.IsEnum;

    private static Type? ElementOf(Type type) =>
        type.IsArray
            ? type.GetElementType()
            : type.IsConstructedGenericType && Sequences.Contains(type.GetGenericTypeDefinition()) ? type.GetGenericArguments()[0] : null;
}
