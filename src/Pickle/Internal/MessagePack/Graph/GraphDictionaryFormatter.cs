using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A <see cref="Dictionary{TKey, TValue}"/>, loaded with collision-resistant hashing unless it was dumped with a
/// comparer of its own. It registers itself (GraphState.Created) as soon as it exists, before its entries are
/// loaded, so an entry can refer back to it.
/// </summary>
internal sealed class GraphDictionaryFormatter<TKey, TValue>
    : KeyedMapFormatter<Dictionary<TKey, TValue>, TKey, TValue, Dictionary<TKey, TValue>, IEqualityComparer<TKey>>
    where TKey : notnull
{
    protected override IEqualityComparer<TKey> ComparerOf(Dictionary<TKey, TValue> collection) => collection.Comparer;

    protected override void WriteItems(ref MessagePackWriter writer, Dictionary<TKey, TValue> collection, MessagePackSerializerOptions options) =>
        WriteEntries(ref writer, collection.GetEnumerator(), options);

    protected override Dictionary<TKey, TValue> Create(int count, IEqualityComparer<TKey> comparer) => new(count, comparer);

    protected override void Add(Dictionary<TKey, TValue> builder, TKey key, TValue value) => builder.Add(key, value);

    protected override Dictionary<TKey, TValue> Build(Dictionary<TKey, TValue> builder) => builder;
}
