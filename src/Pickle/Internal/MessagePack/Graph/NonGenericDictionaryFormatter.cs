using System.Collections;
using System.Reflection;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A non-generic dictionary of .NET's (<see cref="Hashtable"/>, <see cref="SortedList"/>,
/// <see cref="System.Collections.Specialized.OrderedDictionary"/>): written as its entries, in its own order, with
/// its comparer where it is not the default one, as <see cref="KeyedCollectionFormatter{TCollection, TKey, TValue, TBuilder, TComparer}"/>
/// writes a generic dictionary; never as its buckets, whose hash codes belong to the process that dumped them. A
/// loaded hashed dictionary without a comparer of its own hashes its keys with a hash a file cannot make collide
/// (<see cref="PickleSecurity.ObjectComparer"/>).
/// </summary>
/// <typeparam name="TDictionary">The dictionary.</typeparam>
internal abstract class NonGenericDictionaryFormatter<TDictionary> : KeyedCollectionFormatter<TDictionary, object, object?, TDictionary, object>
    where TDictionary : class, IDictionary
{
    /// <summary>How many entries a loaded dictionary makes room for before its entries arrive: a count is only a claim.</summary>
    private const int MaxInitialCapacity = 1024;

    /// <summary>Stands for the default comparer, which the file does not record.</summary>
    private static readonly object DefaultComparer = new();

    protected sealed override bool HasValues => true;

    protected sealed override object ComparerOf(TDictionary collection) =>
        OwnComparer(collection) is { } comparer && !IsLoadedDefault(comparer) ? comparer : DefaultComparer;

    protected sealed override int CountOf(TDictionary collection) => collection.Count;

    protected sealed override bool IsDefault(object comparer, MessagePackSerializerOptions options) => ReferenceEquals(comparer, DefaultComparer);

    protected sealed override object LoadDefault(MessagePackSerializerOptions options) => DefaultComparer;

    /// <summary>A named comparer is <see cref="StringComparer"/>'s own, which hashes with a seed and also orders; or <see cref="ReferenceEqualityComparer"/>.</summary>
    protected sealed override object Named(ComparerName name, MessagePackSerializerOptions options) =>
        name.Name == ComparerNames.Reference ? ReferenceEqualityComparer.Instance : ComparerNames.ForOrdering(name);

    protected sealed override void WriteItems(ref MessagePackWriter writer, TDictionary collection, MessagePackSerializerOptions options)
    {
        var objects = PickleResolver.FormatterOf<object?>(options.Resolver);
        var entries = collection.GetEnumerator();
        while (entries.MoveNext())
        {
            objects.Serialize(ref writer, entries.Key, options);
            objects.Serialize(ref writer, entries.Value, options);
        }
    }

    protected sealed override TDictionary Create(int count, object comparer) =>
        CreateWith(Math.Min(count, MaxInitialCapacity), ReferenceEquals(comparer, DefaultComparer) ? null : comparer);

    protected sealed override void Add(TDictionary builder, object key, object? value)
    {
        builder.Add(key ?? throw new PickleException(
            $"The pickle holds a {TypeNames.Of(typeof(TDictionary))} with a null key, which it cannot hold. The file is damaged or was not written by Pickle."), value);
        Added(builder);
    }

    /// <summary>Checks a dictionary being loaded once an entry was added to it.</summary>
    protected virtual void Added(TDictionary builder)
    {
    }

    protected sealed override TDictionary Build(TDictionary builder) => builder;

    /// <summary>The dictionary's comparer, or <see langword="null"/> for none.</summary>
    protected abstract object? OwnComparer(TDictionary collection);

    /// <summary>True if <paramref name="comparer"/> is the one a load gives a dictionary dumped with the default comparer.</summary>
    protected abstract bool IsLoadedDefault(object comparer);

    /// <summary>A new dictionary with room for <paramref name="capacity"/> entries and <paramref name="comparer"/> (null for the default).</summary>
    protected abstract TDictionary CreateWith(int capacity, object? comparer);

    /// <summary>Reads the private field a .NET type keeps its comparer in.</summary>
    protected static FieldGetter<TDictionary, object?> ComparerField(string name) =>
        FieldAccessors.Getter<TDictionary, object?>(
            typeof(TDictionary).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{typeof(TDictionary)} has no field {name}; Pickle cannot keep its comparer."));

    /// <summary><paramref name="comparer"/> as a <typeparamref name="TComparer"/>, or the error for a file whose comparer does not fit.</summary>
    protected static TComparer As<TComparer>(object comparer)
        where TComparer : class =>
        comparer as TComparer ?? throw new PickleException(
            $"The pickle holds a {TypeNames.Of(typeof(TDictionary))} whose comparer, a {TypeNames.Of(comparer.GetType())}, is not an {TypeNames.Of(typeof(TComparer))}. " +
            "The file is damaged or was not written from these types.");
}
