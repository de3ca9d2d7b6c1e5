using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>A set: its elements (see <see cref="KeyedCollectionFormatter{TCollection, TKey, TValue, TBuilder, TComparer}"/>).</summary>
internal abstract class KeyedSetFormatter<TSet, T, TBuilder, TComparer> : KeyedCollectionFormatter<TSet, T, bool, TBuilder, TComparer>
    where TSet : class, IReadOnlyCollection<T>
    where TBuilder : class
    where TComparer : class
{
    protected sealed override bool HasValues => false;

    protected override int CountOf(TSet collection) => collection.Count;

    protected override void WriteItems(ref MessagePackWriter writer, TSet collection, MessagePackSerializerOptions options)
    {
        var elements = PickleResolver.FormatterOf<T>(options.Resolver);
        foreach (var element in collection)
        {
            elements.Serialize(ref writer, element, options);
        }
    }

    protected sealed override void Add(TBuilder builder, T key, bool value) => Add(builder, key);

    protected abstract void Add(TBuilder builder, T element);
}
