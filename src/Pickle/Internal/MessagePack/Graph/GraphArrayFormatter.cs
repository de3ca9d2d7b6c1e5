using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

// The collections that can be part of a cycle: each registers itself (GraphState.Created) as soon as it exists,
// before its elements are loaded, so an element can refer back to it. The encoding is MessagePack's array of the
// elements, where records give their keys once (KeyedElements).

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

        // A read-only span: an array of a derived element type is allowed here.
        GraphFormatter<TElement>.SerializeArray(ref writer, new ReadOnlySpan<TElement>(value), options);
    }

    public TElement[]? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
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
            var array = new TElement[count];
            GraphState.Created(options, array);
            var i = 0;
            var start = 0L;
            try
            {
                for (; i < array.Length; i++)
                {
                    start = reader.Consumed;
                    array[i] = elements.Read(ref reader, formatter, options);
                }
            }
            catch (Exception e) when (LoadPathException.Starts(e, PathStep.Index(i), typeof(TElement[])))
            {
                throw LoadPathException.Start(e, PathStep.Index(i), typeof(TElement[]), typeof(TElement), reader.Sequence.Slice(start));
            }

            return array;
        }
        finally
        {
            reader.Depth--;
        }
    }
}
