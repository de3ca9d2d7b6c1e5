using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

// The collections that can be part of a cycle: each registers itself (GraphState.Created) as soon as it exists,
// before its elements are loaded, so an element can refer back to it. The encoding is MessagePack's array of the
// elements, where records give their keys once (KeyedElements).

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

        GraphFormatter<TElement>.SerializeArray(ref writer, CollectionsMarshal.AsSpan(value), options);
    }

    public List<TElement>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var formatter = PickleResolver.FormatterOf<TElement>(options.Resolver);
        var elements = KeyedElements<TElement>.Start(ref reader, formatter, options, out var count);
        options.Security.DepthStep(ref reader);
        try
        {
            var list = new List<TElement>(count);
            GraphState.Created(options, list);
            var start = 0L;
            try
            {
                for (var i = 0; i < count; i++)
                {
                    start = reader.Consumed;
                    list.Add(elements.Read(ref reader, formatter, options));
                }
            }
            catch (Exception e) when (LoadPathException.Starts(e, PathStep.Index(list.Count), typeof(List<TElement>)))
            {
                throw LoadPathException.Start(e, PathStep.Index(list.Count), typeof(List<TElement>), typeof(TElement), reader.Sequence.Slice(start));
            }

            return list;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
