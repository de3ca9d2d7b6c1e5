using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Reads the count (or, for a multi-dimensional array, the shape) at the head of a collection before its formatter
/// does, and charges the load's <see cref="AllocationBudget"/> for that many elements at
/// <see cref="CountedCollections.BytesPerElement"/>, so that a count too costly for the frame is a
/// <see cref="PickleException"/> before anything is allocated for it. A multi-dimensional array's shape must also make
/// as many elements as it holds. Values that are not a MessagePack array or map (nil, a blit, a reference) go to the
/// formatter unread.
/// </summary>
internal sealed class CountedCollectionFormatter<T>(IMessagePackFormatter<T> inner) : IMessagePackFormatter<T>
{
    /// <summary>What one element of a <typeparamref name="T"/> costs, or <see langword="null"/> if it is not a collection.</summary>
    public static readonly long? BytesPerElement = CountedCollections.BytesPerElement(typeof(T));

    private static readonly int Rank = typeof(T).IsArray ? typeof(T).GetArrayRank() : 1;

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) => inner.Serialize(ref writer, value, options);

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (GraphOptions.StateOf(options)?.Budget is { } budget)
        {
            var peek = reader.CreatePeekReader();
            var code = peek.NextCode;
            if (ValueLengths.IsArray(code))
            {
                var count = Rank == 1 ? peek.ReadArrayHeader() : CountOfShape(ref peek);
                budget.Spend(count, BytesPerElement!.Value, typeof(T), "elements");
            }
            else if (ValueLengths.IsMap(code))
            {
                var entries = peek.ReadMapHeader();
                budget.Spend(entries, BytesPerElement!.Value, typeof(T), "entries");
            }
        }

        return inner.Deserialize(ref reader, options);
    }

    /// <summary>
    /// The element count of a multi-dimensional array as MessagePack writes it, <c>[length 0, ..., length r-1, [elements]]</c>,
    /// once its lengths are known to make as many elements as it holds.
    /// </summary>
    private static long CountOfShape(ref MessagePackReader peek)
    {
        if (peek.ReadArrayHeader() != Rank + 1)
        {
            return 0;
        }

        long product = 1;
        var lengths = new int[Rank];
        for (var dimension = 0; dimension < Rank; dimension++)
        {
            lengths[dimension] = peek.ReadInt32();
            if (lengths[dimension] < 0 || lengths[dimension] > Array.MaxLength)
            {
                throw Shape($"dimension {dimension} has length {lengths[dimension]:N0}, beyond the 0 to {Array.MaxLength:N0} an array can have");
            }

            product *= lengths[dimension];
            if (product > Array.MaxLength)
            {
                throw Shape("its dimensions multiply to more elements than an array can hold");
            }
        }

        var count = peek.ReadArrayHeader();
        if (count != product)
        {
            throw Shape($"its dimensions {string.Join(" x ", lengths)} make {product:N0} elements, but it holds {count:N0}");
        }

        return count;
    }

    private static PickleException Shape(string what) =>
        new($"The pickle holds a {TypeNames.Of(typeof(T))} that cannot be loaded: {what}. The file is damaged or was not written by Pickle.");
}
