namespace Pickling.Internal.MessagePack;

/// <summary>
/// The collections <see cref="ObjectGraphResolver"/> writes through their entries, and the formatter of each: the
/// dictionaries and sets, whose comparers are kept and whose keys may wait for their objects
/// (<see cref="KeyedCollectionFormatter{TCollection, TKey, TValue, TBuilder, TComparer}"/>), and .NET's non-generic
/// dictionaries, written as their entries and comparer rather than their buckets. The immutable collections and the
/// non-generic dictionaries have tables of their own, made when a type of their namespace is first asked about, so that
/// a dump or load of other types does not load the assemblies they live in (System.Collections.Immutable,
/// System.Collections.NonGeneric and System.Collections.Specialized).
/// </summary>
internal static class EntryCollections
{
    private const string ImmutableNamespace = "System.Collections.Immutable";

    private static readonly Dictionary<Type, Type> Keyed = new()
    {
        [typeof(Dictionary<,>)] = typeof(GraphDictionaryFormatter<,>),
        [typeof(HashSet<>)] = typeof(KeyedHashSetFormatter<>),
        [typeof(SortedSet<>)] = typeof(KeyedSortedSetFormatter<>),
        [typeof(SortedDictionary<,>)] = typeof(KeyedSortedDictionaryFormatter<,>),
        [typeof(SortedList<,>)] = typeof(KeyedSortedListFormatter<,>),
        [typeof(System.Collections.Concurrent.ConcurrentDictionary<,>)] = typeof(KeyedConcurrentDictionaryFormatter<,>),
    };

    /// <summary>
    /// The formatter definition of the keyed collections whose generic definition is <paramref name="definition"/>, or
    /// <see langword="null"/> if it is not one of them.
    /// </summary>
    public static Type? KeyedFormatterOf(Type definition) =>
        definition.Namespace == ImmutableNamespace ? ImmutableKeyed.Formatters.GetValueOrDefault(definition) : Keyed.GetValueOrDefault(definition);

    /// <summary>The formatter of the non-generic dictionary <paramref name="type"/>, or <see langword="null"/> if it is not one.</summary>
    public static Type? NonGenericDictionaryFormatterOf(Type type) =>
        type.Namespace is "System.Collections" or "System.Collections.Specialized" ? NonGenericDictionaries.Formatters.GetValueOrDefault(type) : null;

    private static class ImmutableKeyed
    {
        public static readonly Dictionary<Type, Type> Formatters = new()
        {
            [typeof(System.Collections.Immutable.ImmutableDictionary<,>)] = typeof(KeyedImmutableDictionaryFormatter<,>),
            [typeof(System.Collections.Immutable.ImmutableHashSet<>)] = typeof(KeyedImmutableHashSetFormatter<>),
            [typeof(System.Collections.Immutable.ImmutableSortedDictionary<,>)] = typeof(KeyedImmutableSortedDictionaryFormatter<,>),
            [typeof(System.Collections.Immutable.ImmutableSortedSet<>)] = typeof(KeyedImmutableSortedSetFormatter<>),
        };
    }

    private static class NonGenericDictionaries
    {
        public static readonly Dictionary<Type, Type> Formatters = new()
        {
            [typeof(System.Collections.Hashtable)] = typeof(HashtableFormatter),
            [typeof(System.Collections.SortedList)] = typeof(SortedListFormatter),
            [typeof(System.Collections.Specialized.OrderedDictionary)] = typeof(OrderedDictionaryFormatter),
            [typeof(System.Collections.Specialized.NameValueCollection)] = typeof(NameValueCollectionFormatter),
            [typeof(System.Collections.Specialized.ListDictionary)] = typeof(ListDictionaryFormatter),
            [typeof(System.Collections.Specialized.HybridDictionary)] = typeof(HybridDictionaryFormatter),
        };
    }
}
