using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>A dictionary: its keys and values one after the other (see <see cref="KeyedCollectionFormatter{TCollection, TKey, TValue, TBuilder, TComparer}"/>).</summary>
internal abstract class KeyedMapFormatter<TMap, TKey, TValue, TBuilder, TComparer> : KeyedCollectionFormatter<TMap, TKey, TValue, TBuilder, TComparer>
    where TMap : class, IReadOnlyCollection<KeyValuePair<TKey, TValue>>
    where TBuilder : class
    where TComparer : class
{
    protected sealed override bool HasValues => true;

    protected override int CountOf(TMap collection) => collection.Count;

    protected override void WriteItems(ref MessagePackWriter writer, TMap collection, MessagePackSerializerOptions options) =>
        WriteEntries(ref writer, collection.GetEnumerator(), options);

    /// <summary>Writes the entries an enumerator gives: a collection's own struct enumerator is called without boxing.</summary>
    protected static void WriteEntries<TEnumerator>(ref MessagePackWriter writer, TEnumerator entries, MessagePackSerializerOptions options)
        where TEnumerator : IEnumerator<KeyValuePair<TKey, TValue>>
    {
        var keys = PickleResolver.FormatterOf<TKey>(options.Resolver);
        var values = PickleResolver.FormatterOf<TValue>(options.Resolver);
        try
        {
            while (entries.MoveNext())
            {
                var (key, value) = entries.Current;
                keys.Serialize(ref writer, key, options);
                values.Serialize(ref writer, value, options);
            }
        }
        finally
        {
            entries.Dispose();
        }
    }
}
