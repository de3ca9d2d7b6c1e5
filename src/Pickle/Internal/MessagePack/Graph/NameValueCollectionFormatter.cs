using System.Collections.Specialized;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A <see cref="NameValueCollection"/>: its keys in order (a null key included), each with its values (null for a key
/// without one), and its key comparer where it is not the default one (the invariant culture, ignoring case), as
/// <see cref="KeyedCollectionFormatter{TCollection, TKey, TValue, TBuilder, TComparer}"/> writes a dictionary; never
/// as its buckets. .NET's comparers hash strings with a seed, so a file cannot make keys collide.
/// </summary>
internal sealed class NameValueCollectionFormatter : KeyedCollectionFormatter<NameValueCollection, string?, string[]?, NameValueCollection, object>
{
    private const int MaxInitialCapacity = 1024;

    private static readonly System.Reflection.FieldInfo Comparer =
        typeof(NameObjectCollectionBase).GetField("_keyComparer", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("NameObjectCollectionBase has no field _keyComparer; Pickle cannot keep a NameValueCollection's comparer.");

    /// <summary>The comparer of a collection made without one.</summary>
    private static readonly object DefaultComparer = Comparer.GetValue(new NameValueCollection())!;

    protected override bool HasValues => true;

    protected override object ComparerOf(NameValueCollection collection) => Comparer.GetValue(collection) ?? DefaultComparer;

    protected override int CountOf(NameValueCollection collection) => collection.Count;

    protected override bool IsDefault(object comparer, MessagePackSerializerOptions options) => ReferenceEquals(comparer, DefaultComparer);

    protected override object LoadDefault(MessagePackSerializerOptions options) => DefaultComparer;

    protected override object Named(ComparerName name, MessagePackSerializerOptions options) => ComparerNames.ForOrdering(name);

    protected override void WriteItems(ref MessagePackWriter writer, NameValueCollection collection, MessagePackSerializerOptions options)
    {
        var keys = PickleResolver.FormatterOf<string?>(options.Resolver);
        var values = PickleResolver.FormatterOf<string[]?>(options.Resolver);
        for (var i = 0; i < collection.Count; i++)
        {
            keys.Serialize(ref writer, collection.GetKey(i), options);
            values.Serialize(ref writer, collection.GetValues(i), options);
        }
    }

    protected override NameValueCollection Create(int count, object comparer)
    {
        var capacity = Math.Min(count, MaxInitialCapacity);
        return ReferenceEquals(comparer, DefaultComparer)
            ? new NameValueCollection(capacity)
            : new NameValueCollection(capacity, comparer as System.Collections.IEqualityComparer ?? throw new PickleException(
                $"The pickle holds a NameValueCollection whose comparer, a {TypeNames.Of(comparer.GetType())}, does not compare its keys. " +
                "The file is damaged or was not written from these types."));
    }

    protected override void Add(NameValueCollection builder, string? key, string[]? value)
    {
        if (value is null)
        {
            builder.Add(key, null);
            return;
        }

        foreach (var one in value)
        {
            builder.Add(key, one);
        }
    }

    protected override NameValueCollection Build(NameValueCollection builder) => builder;
}
