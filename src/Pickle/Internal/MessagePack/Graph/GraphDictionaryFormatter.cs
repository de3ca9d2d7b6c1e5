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
            for (var i = 0; i < count; i++)
            {
                var key = keys.Deserialize(ref reader, options);
                dictionary.Add(key, values.Deserialize(ref reader, options));
            }

            return dictionary;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
