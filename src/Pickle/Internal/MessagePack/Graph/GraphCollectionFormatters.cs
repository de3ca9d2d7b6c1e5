using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

// The collections that can be part of a cycle: each registers itself (GraphState.Created) as soon as it exists,
// before its elements are loaded, so an element can refer back to it. The encoding is MessagePack's usual one.

/// <summary>A one-dimensional array of a non-primitive element type, as a MessagePack array.</summary>
internal sealed class GraphArrayFormatter<TElement> : IMessagePackFormatter<TElement[]?>
{
    public void Serialize(ref MessagePackWriter writer, TElement[]? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var formatter = options.Resolver.GetFormatterWithVerify<TElement>();
        writer.WriteArrayHeader(value.Length);
        if (formatter is GraphFormatter<TElement> graph)
        {
            // A read-only span: an array of a derived element type is allowed here, as in the loop below.
            graph.SerializeAll(ref writer, new ReadOnlySpan<TElement>(value), options);
            return;
        }

        foreach (var item in value)
        {
            formatter.Serialize(ref writer, item, options);
        }
    }

    public TElement[]? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var formatter = options.Resolver.GetFormatterWithVerify<TElement>();
            var array = new TElement[count];
            GraphState.Created(options, array);
            for (var i = 0; i < array.Length; i++)
            {
                array[i] = formatter.Deserialize(ref reader, options);
            }

            return array;
        }
        finally
        {
            reader.Depth--;
        }
    }
}

/// <summary>A <see cref="List{T}"/>, as a MessagePack array.</summary>
internal sealed class GraphListFormatter<TElement> : IMessagePackFormatter<List<TElement>?>
{
    public void Serialize(ref MessagePackWriter writer, List<TElement>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var formatter = options.Resolver.GetFormatterWithVerify<TElement>();
        var items = CollectionsMarshal.AsSpan(value);
        writer.WriteArrayHeader(items.Length);
        if (formatter is GraphFormatter<TElement> graph)
        {
            graph.SerializeAll(ref writer, items, options);
            return;
        }

        for (var i = 0; i < items.Length; i++)
        {
            formatter.Serialize(ref writer, items[i], options);
        }
    }

    public List<TElement>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var formatter = options.Resolver.GetFormatterWithVerify<TElement>();
            var list = new List<TElement>(count);
            GraphState.Created(options, list);
            for (var i = 0; i < count; i++)
            {
                list.Add(formatter.Deserialize(ref reader, options));
            }

            return list;
        }
        finally
        {
            reader.Depth--;
        }
    }
}

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

/// <summary>
/// The contents of a value declared <see cref="object"/> that carries no type header: strings, booleans and
/// doubles (written without one), and payloads from other writers, read as MessagePack's primitive types.
/// </summary>
internal sealed class PlainObjectFormatter : IMessagePackFormatter<object?>
{
    public static readonly PlainObjectFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options) =>
        writer.WriteMapHeader(0);

    public object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        PrimitiveObjectFormatter.Instance.Deserialize(ref reader, options);
}
