using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

// The collections that can be part of a cycle: each registers itself (GraphState.Created) as soon as it exists,
// before its elements are loaded, so an element can refer back to it. The encoding is MessagePack's usual one.

/// <summary>A <see cref="Dictionary{TKey, TValue}"/>, as a MessagePack map, loaded with collision-resistant hashing.</summary>
internal sealed class GraphDictionaryFormatter<TKey, TValue> : IMessagePackFormatter<Dictionary<TKey, TValue>?>
    where TKey : notnull
{
    public void Serialize(ref MessagePackWriter writer, Dictionary<TKey, TValue>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var keys = options.Resolver.GetFormatterWithVerify<TKey>();
        var values = options.Resolver.GetFormatterWithVerify<TValue>();
        writer.WriteMapHeader(value.Count);
        foreach (var (key, item) in value)
        {
            keys.Serialize(ref writer, key, options);
            values.Serialize(ref writer, item, options);
        }
    }

    public Dictionary<TKey, TValue>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var count = reader.ReadMapHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var keys = options.Resolver.GetFormatterWithVerify<TKey>();
            var values = options.Resolver.GetFormatterWithVerify<TValue>();
            var dictionary = new Dictionary<TKey, TValue>(count, options.Security.GetEqualityComparer<TKey>());
            GraphState.Created(options, dictionary);
            var key = default(TKey);
            var start = 0L;
            try
            {
                for (var i = 0; i < count; i++)
                {
                    (key, start) = (default, reader.Consumed);
                    key = keys.Deserialize(ref reader, options);
                    start = reader.Consumed;
                    dictionary.Add(key, values.Deserialize(ref reader, options));
                }
            }
            catch (Exception e) when (LoadPathException.Starts(e, Step(key, dictionary.Count), typeof(Dictionary<TKey, TValue>)))
            {
                throw LoadPathException.Start(e, Step(key, dictionary.Count), typeof(Dictionary<TKey, TValue>), key is null ? typeof(TKey) : typeof(TValue), reader.Sequence.Slice(start));
            }

            return dictionary;
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>Where an error was met: at the value of <paramref name="key"/>, or, before it was read, at the key of entry <paramref name="entry"/>.</summary>
    private static PathStep Step(TKey? key, int entry) => key is null ? PathStep.KeyOf(entry) : PathStep.Key(key);
}
