using System.Collections;
using System.Collections.Specialized;

namespace Pickling.Internal.MessagePack;

// The non-generic dictionaries, each as NonGenericDictionaryFormatter writes and reads them: their entries in their
// own order and their comparer. Their comparers are private fields, read once per type.

/// <summary>A <see cref="Hashtable"/>: loaded with collision-resistant hashing where it had no comparer of its own.</summary>
internal sealed class HashtableFormatter : NonGenericDictionaryFormatter<Hashtable>
{
    private static readonly FieldGetter<Hashtable, object?> Comparer = ComparerField("_keycomparer");

    protected override object? OwnComparer(Hashtable collection) => Comparer(ref collection);

    protected override bool IsLoadedDefault(object comparer) => ReferenceEquals(comparer, PickleSecurity.Untrusted.ObjectComparer);

    protected override Hashtable CreateWith(int capacity, object? comparer) =>
        new(capacity, comparer is null ? PickleSecurity.Untrusted.ObjectComparer : As<IEqualityComparer>(comparer));
}

/// <summary>An <see cref="OrderedDictionary"/>, in its order: loaded with collision-resistant hashing where it had no comparer of its own.</summary>
internal sealed class OrderedDictionaryFormatter : NonGenericDictionaryFormatter<OrderedDictionary>
{
    private static readonly FieldGetter<OrderedDictionary, object?> Comparer = ComparerField("_comparer");

    protected override object? OwnComparer(OrderedDictionary collection) => collection.IsReadOnly
        ? throw new PickleException(
            "A read-only OrderedDictionary (made by AsReadOnly) cannot be dumped: it shares the entries of the dictionary it was made from, which a load could not give it. " +
            "Dump that dictionary, and call AsReadOnly again after loading.")
        : Comparer(ref collection);

    protected override bool IsLoadedDefault(object comparer) => ReferenceEquals(comparer, PickleSecurity.Untrusted.ObjectComparer);

    protected override OrderedDictionary CreateWith(int capacity, object? comparer) =>
        new(capacity, comparer is null ? PickleSecurity.Untrusted.ObjectComparer : As<IEqualityComparer>(comparer));
}

/// <summary>A <see cref="SortedList"/>, in its order, with its comparer: <see cref="System.Collections.Comparer.Default"/> by default.</summary>
internal sealed class SortedListFormatter : NonGenericDictionaryFormatter<SortedList>
{
    private static readonly FieldGetter<SortedList, object?> Comparer = ComparerField("comparer");

    protected override object? OwnComparer(SortedList collection) => Comparer(ref collection);

    private static readonly System.Reflection.FieldInfo CompareInfo =
        typeof(Comparer).GetField("_compareInfo", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("System.Collections.Comparer has no field _compareInfo; Pickle cannot tell a SortedList's default comparer.");

    /// <summary>A SortedList made without a comparer compares as the current culture does, with a comparer of its own.</summary>
    protected override bool IsLoadedDefault(object comparer) =>
        comparer.GetType() == typeof(Comparer) && Equals(CompareInfo.GetValue(comparer), System.Globalization.CultureInfo.CurrentCulture.CompareInfo);

    protected override SortedList CreateWith(int capacity, object? comparer) =>
        comparer is null ? new(capacity) : new(As<IComparer>(comparer), capacity);
}

/// <summary>
/// A <see cref="ListDictionary"/>, in its order, with its comparer. It finds a key by comparing it with every other,
/// so a load refuses more than <see cref="MaxCount"/> entries, which would take it quadratic time, and a dump too.
/// </summary>
internal sealed class ListDictionaryFormatter : NonGenericDictionaryFormatter<ListDictionary>
{
    public const int MaxCount = 10_000;

    private static readonly FieldGetter<ListDictionary, object?> Comparer = ComparerField("comparer");

    protected override object? OwnComparer(ListDictionary collection) =>
        collection.Count <= MaxCount ? Comparer(ref collection) : throw TooMany("dumped");

    protected override bool IsLoadedDefault(object comparer) => false;

    protected override ListDictionary CreateWith(int capacity, object? comparer) => new(comparer is null ? null : As<IComparer>(comparer));

    protected override void Added(ListDictionary builder)
    {
        if (builder.Count > MaxCount)
        {
            throw TooMany("loaded");
        }
    }

    private static PickleException TooMany(string done) =>
        new($"A ListDictionary of more than {MaxCount} entries cannot be {done}: it compares each key with every other, so loading it would take quadratic time. " +
            "Keep that many entries in a Hashtable, HybridDictionary or Dictionary, which hash their keys.");
}

/// <summary>
/// A <see cref="HybridDictionary"/>: its entries, and OrdinalIgnoreCase as its comparer if it ignores case. Beyond
/// <see cref="ListLimit"/> entries it hashes its keys with their own hash codes, which a file could make collide
/// for most key types, so beyond that its keys must be strings (whose hashes are seeded), on dump and on load.
/// </summary>
internal sealed class HybridDictionaryFormatter : NonGenericDictionaryFormatter<HybridDictionary>
{
    /// <summary>How many entries a HybridDictionary keeps in a list before it makes a hash table.</summary>
    public const int ListLimit = 8;

    private static readonly System.Reflection.FieldInfo CaseInsensitive =
        typeof(HybridDictionary).GetField("caseInsensitive", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("HybridDictionary has no field caseInsensitive; Pickle cannot tell whether one ignores case.");

    protected override object? OwnComparer(HybridDictionary collection)
    {
        if (collection.Count > ListLimit && collection.Keys.Cast<object>().Any(key => key is not string))
        {
            throw NotStrings("dumped");
        }

        return (bool)CaseInsensitive.GetValue(collection)! ? StringComparer.OrdinalIgnoreCase : null;
    }

    protected override bool IsLoadedDefault(object comparer) => false;

    protected override HybridDictionary CreateWith(int capacity, object? comparer) => comparer switch
    {
        null => new(capacity, caseInsensitive: false),
        _ when ReferenceEquals(comparer, StringComparer.OrdinalIgnoreCase) => new(capacity, caseInsensitive: true),
        _ => throw new PickleException(
            $"The pickle holds a HybridDictionary whose comparer is a {TypeNames.Of(comparer.GetType())}; one only ignores case or not. " +
            "The file is damaged or was not written from these types."),
    };

    protected override void Added(HybridDictionary builder)
    {
        if (builder.Count > ListLimit && builder.Keys.Cast<object>().Any(key => key is not string))
        {
            throw NotStrings("loaded");
        }
    }

    private static PickleException NotStrings(string done) =>
        new($"A HybridDictionary of more than {ListLimit} entries whose keys are not all strings cannot be {done}: it then hashes its keys with their own hash codes, " +
            "which a file can make collide. Keep such entries in a Hashtable or Dictionary, which Pickle loads with collision-resistant hashing.");
}
