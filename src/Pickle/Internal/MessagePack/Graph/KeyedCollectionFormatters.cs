using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace Pickling.Internal.MessagePack;

// The dictionaries and sets besides Dictionary<TKey, TValue> (GraphDictionaryFormatter), each as
// KeyedCollectionFormatter writes and reads them. Those built in place register themselves as soon as they exist, so
// an item can refer back to them; the immutable ones are built from a builder once their items are read.

/// <summary>A <see cref="HashSet{T}"/>.</summary>
internal sealed class KeyedHashSetFormatter<T> : KeyedSetFormatter<HashSet<T>, T, HashSet<T>, IEqualityComparer<T>>
{
    protected override IEqualityComparer<T> ComparerOf(HashSet<T> collection) => collection.Comparer;

    protected override HashSet<T> Create(int count, IEqualityComparer<T> comparer) => new(count, comparer);

    protected override void Add(HashSet<T> builder, T element) => builder.Add(element);

    protected override HashSet<T> Build(HashSet<T> builder) => builder;
}

/// <summary>A <see cref="SortedSet{T}"/>.</summary>
internal sealed class KeyedSortedSetFormatter<T> : KeyedSetFormatter<SortedSet<T>, T, SortedSet<T>, IComparer<T>>
{
    protected override IComparer<T> ComparerOf(SortedSet<T> collection) => collection.Comparer;

    protected override SortedSet<T> Create(int count, IComparer<T> comparer) => new(comparer);

    protected override void Add(SortedSet<T> builder, T element) => builder.Add(element);

    protected override SortedSet<T> Build(SortedSet<T> builder) => builder;
}

/// <summary>A <see cref="SortedDictionary{TKey, TValue}"/>.</summary>
internal sealed class KeyedSortedDictionaryFormatter<TKey, TValue>
    : KeyedMapFormatter<SortedDictionary<TKey, TValue>, TKey, TValue, SortedDictionary<TKey, TValue>, IComparer<TKey>>
    where TKey : notnull
{
    protected override IComparer<TKey> ComparerOf(SortedDictionary<TKey, TValue> collection) => collection.Comparer;

    protected override SortedDictionary<TKey, TValue> Create(int count, IComparer<TKey> comparer) => new(comparer);

    protected override void Add(SortedDictionary<TKey, TValue> builder, TKey key, TValue value) => builder.Add(key, value);

    protected override SortedDictionary<TKey, TValue> Build(SortedDictionary<TKey, TValue> builder) => builder;
}

/// <summary>A <see cref="SortedList{TKey, TValue}"/>.</summary>
internal sealed class KeyedSortedListFormatter<TKey, TValue>
    : KeyedMapFormatter<SortedList<TKey, TValue>, TKey, TValue, SortedList<TKey, TValue>, IComparer<TKey>>
    where TKey : notnull
{
    protected override IComparer<TKey> ComparerOf(SortedList<TKey, TValue> collection) => collection.Comparer;

    protected override SortedList<TKey, TValue> Create(int count, IComparer<TKey> comparer) => new(count, comparer);

    protected override void Add(SortedList<TKey, TValue> builder, TKey key, TValue value) => builder.Add(key, value);

    protected override SortedList<TKey, TValue> Build(SortedList<TKey, TValue> builder) => builder;
}

/// <summary>A <see cref="ConcurrentDictionary{TKey, TValue}"/>, written from a copy so that its count and entries agree.</summary>
internal sealed class KeyedConcurrentDictionaryFormatter<TKey, TValue>
    : KeyedMapFormatter<ConcurrentDictionary<TKey, TValue>, TKey, TValue, ConcurrentDictionary<TKey, TValue>, IEqualityComparer<TKey>>
    where TKey : notnull
{
    protected override IEqualityComparer<TKey> ComparerOf(ConcurrentDictionary<TKey, TValue> collection) => collection.Comparer;

    protected override ConcurrentDictionary<TKey, TValue> Stable(ConcurrentDictionary<TKey, TValue> collection) => new(collection, collection.Comparer);

    protected override ConcurrentDictionary<TKey, TValue> Create(int count, IEqualityComparer<TKey> comparer) => new(comparer);

    protected override void Add(ConcurrentDictionary<TKey, TValue> builder, TKey key, TValue value) => builder.TryAdd(key, value);

    protected override ConcurrentDictionary<TKey, TValue> Build(ConcurrentDictionary<TKey, TValue> builder) => builder;
}

/// <summary>An <see cref="ImmutableHashSet{T}"/>.</summary>
internal sealed class KeyedImmutableHashSetFormatter<T> : KeyedSetFormatter<ImmutableHashSet<T>, T, ImmutableHashSet<T>.Builder, IEqualityComparer<T>>
{
    protected override IEqualityComparer<T> ComparerOf(ImmutableHashSet<T> collection) => collection.KeyComparer;

    protected override ImmutableHashSet<T>.Builder Create(int count, IEqualityComparer<T> comparer) => ImmutableHashSet.CreateBuilder(comparer);

    protected override void Add(ImmutableHashSet<T>.Builder builder, T element) => builder.Add(element);

    protected override ImmutableHashSet<T> Build(ImmutableHashSet<T>.Builder builder) => builder.ToImmutable();

    protected override bool Finds(ImmutableHashSet<T> collection, T key) => collection.Contains(key);
}

/// <summary>An <see cref="ImmutableSortedSet{T}"/>.</summary>
internal sealed class KeyedImmutableSortedSetFormatter<T> : KeyedSetFormatter<ImmutableSortedSet<T>, T, ImmutableSortedSet<T>.Builder, IComparer<T>>
{
    protected override IComparer<T> ComparerOf(ImmutableSortedSet<T> collection) => collection.KeyComparer;

    protected override ImmutableSortedSet<T>.Builder Create(int count, IComparer<T> comparer) => ImmutableSortedSet.CreateBuilder(comparer);

    protected override void Add(ImmutableSortedSet<T>.Builder builder, T element) => builder.Add(element);

    protected override ImmutableSortedSet<T> Build(ImmutableSortedSet<T>.Builder builder) => builder.ToImmutable();

    protected override bool Finds(ImmutableSortedSet<T> collection, T key) => collection.Contains(key);
}

/// <summary>An <see cref="ImmutableDictionary{TKey, TValue}"/>; its value comparer must be the default one.</summary>
internal sealed class KeyedImmutableDictionaryFormatter<TKey, TValue>
    : KeyedMapFormatter<ImmutableDictionary<TKey, TValue>, TKey, TValue, ImmutableDictionary<TKey, TValue>.Builder, IEqualityComparer<TKey>>
    where TKey : notnull
{
    protected override IEqualityComparer<TKey> ComparerOf(ImmutableDictionary<TKey, TValue> collection)
    {
        ValueComparers.CheckDefault<ImmutableDictionary<TKey, TValue>, TValue>(collection.ValueComparer);
        return collection.KeyComparer;
    }

    protected override ImmutableDictionary<TKey, TValue>.Builder Create(int count, IEqualityComparer<TKey> comparer) =>
        ImmutableDictionary.CreateBuilder<TKey, TValue>(comparer);

    protected override void Add(ImmutableDictionary<TKey, TValue>.Builder builder, TKey key, TValue value) => builder.Add(key, value);

    protected override ImmutableDictionary<TKey, TValue> Build(ImmutableDictionary<TKey, TValue>.Builder builder) => builder.ToImmutable();

    protected override bool Finds(ImmutableDictionary<TKey, TValue> collection, TKey key) => collection.ContainsKey(key);
}

/// <summary>An <see cref="ImmutableSortedDictionary{TKey, TValue}"/>; its value comparer must be the default one.</summary>
internal sealed class KeyedImmutableSortedDictionaryFormatter<TKey, TValue>
    : KeyedMapFormatter<ImmutableSortedDictionary<TKey, TValue>, TKey, TValue, ImmutableSortedDictionary<TKey, TValue>.Builder, IComparer<TKey>>
    where TKey : notnull
{
    protected override IComparer<TKey> ComparerOf(ImmutableSortedDictionary<TKey, TValue> collection)
    {
        ValueComparers.CheckDefault<ImmutableSortedDictionary<TKey, TValue>, TValue>(collection.ValueComparer);
        return collection.KeyComparer;
    }

    protected override ImmutableSortedDictionary<TKey, TValue>.Builder Create(int count, IComparer<TKey> comparer) =>
        ImmutableSortedDictionary.CreateBuilder<TKey, TValue>(comparer);

    protected override void Add(ImmutableSortedDictionary<TKey, TValue>.Builder builder, TKey key, TValue value) => builder.Add(key, value);

    protected override ImmutableSortedDictionary<TKey, TValue> Build(ImmutableSortedDictionary<TKey, TValue>.Builder builder) => builder.ToImmutable();

    protected override bool Finds(ImmutableSortedDictionary<TKey, TValue> collection, TKey key) => collection.ContainsKey(key);
}

/// <summary>The immutable dictionaries' value comparers, which Pickle does not record: only the default one is dumped.</summary>
internal static class ValueComparers
{
    public static void CheckDefault<TCollection, TValue>(IEqualityComparer<TValue> values)
    {
        if (ReferenceEquals(values, EqualityComparer<TValue>.Default))
        {
            return;
        }

        throw new PickleException(
            $"The {TypeNames.Of(typeof(TCollection))}'s value comparer, a {TypeNames.Of(values.GetType())}, is not the default one, and Pickle records only a " +
            "dictionary's key comparer. Leave the member out with [PickleIgnore] and set the value comparer again after loading (WithComparers).");
    }
}
