using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// An array that is not a plain one-dimensional one (<c>T[,]</c>, <c>T[,,,,]</c>, or a one-dimensional array whose
/// lower bound is not 0, <c>T[*]</c>) of an element type that is not blitted, any rank, with its lower bounds:
/// <c>[length…, [element…]]</c>, MessagePack's shape for <c>T[,]</c> to <c>T[,,,]</c>, when every lower bound is 0,
/// else <c>[length…, [lower bound…], [element…]]</c>; the elements in row-major order (last index fastest).
/// </summary>
internal sealed class BoundedArrayFormatter<TArray, TElement> : IMessagePackFormatter<TArray?>
    where TArray : class
{
    private static readonly int Rank = typeof(TArray).GetArrayRank();

    public void Serialize(ref MessagePackWriter writer, TArray? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var array = (Array)(object)value;
        var bounded = false;
        for (var dimension = 0; dimension < Rank; dimension++)
        {
            bounded |= array.GetLowerBound(dimension) != 0;
        }

        writer.WriteArrayHeader(Rank + (bounded ? 2 : 1));
        for (var dimension = 0; dimension < Rank; dimension++)
        {
            writer.Write(array.GetLength(dimension));
        }

        if (bounded)
        {
            writer.WriteArrayHeader(Rank);
            for (var dimension = 0; dimension < Rank; dimension++)
            {
                writer.Write(array.GetLowerBound(dimension));
            }
        }

        GraphFormatter<TElement>.SerializeArray(ref writer, Elements(array), options);
    }

    public TArray? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var count = reader.ReadArrayHeader();
        if (count != Rank + 1 && count != Rank + 2)
        {
            throw new PickleException(
                $"A {TypeNames.Of(typeof(TArray))} must be an array of its {Rank} length(s), its lower bounds if any, and its elements, but the pickle holds an array of {count} item(s). " +
                "The file is damaged or was not written from these types.");
        }

        options.Security.DepthStep(ref reader);
        try
        {
            var lengths = ReadInts(ref reader, Rank);
            var lowerBounds = count == Rank + 2 ? ReadBounds(ref reader) : new int[Rank];
            var formatter = PickleResolver.FormatterOf<TElement>(options.Resolver);
            var keyed = KeyedElements<TElement>.Start(ref reader, formatter, options, out var elementCount);
            GraphOptions.StateOf(options)?.Budget?.Spend(elementCount, Unsafe.SizeOf<TElement>(), typeof(TArray));
            var array = Create(lengths, lowerBounds, elementCount);
            GraphState.Created(options, array);
            var elements = Elements(array);
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = keyed.Read(ref reader, formatter, options);
            }

            return (TArray)(object)array;
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>The array's elements in row-major order, the order they lie in memory.</summary>
    private static Span<TElement> Elements(Array array) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, TElement>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length);

    private static Array Create(int[] lengths, int[] lowerBounds, int elements)
    {
        for (var dimension = 0; dimension < Rank; dimension++)
        {
            if (lengths[dimension] < 0 || (long)lowerBounds[dimension] + lengths[dimension] - 1 > int.MaxValue)
            {
                throw Mismatch($"has dimension {dimension} of length {lengths[dimension]:N0} from {lowerBounds[dimension]:N0}, which no array has");
            }
        }

        // Once the product passes the element count it can only grow (no length left is 0), so it stops there.
        long total = lengths.Contains(0) ? 0 : 1;
        for (var dimension = 0; dimension < Rank && total != 0 && total <= elements; dimension++)
        {
            total *= lengths[dimension];
        }

        if (total != elements)
        {
            throw Mismatch($"is {string.Join(" × ", lengths)} but holds {elements:N0} element(s)");
        }

#if NET9_0_OR_GREATER
        try
        {
            return Array.CreateInstanceFromArrayType(typeof(TArray), lengths, lowerBounds);
        }
        catch (OutOfMemoryException)
        {
            // An empty array whose other dimensions are beyond what .NET allows.
            throw Mismatch($"is {string.Join(" × ", lengths)}, which .NET cannot make");
        }
#else
        // Before .NET 9 the runtime makes a one-dimensional array from 0 a T[], which is not a T[*].
        return Array.CreateInstance(typeof(TElement), lengths, lowerBounds) is TArray array
            ? (Array)(object)array
            : throw new PickleException($"A {TypeNames.Of(typeof(TArray))} from 0 can be loaded only on .NET 9 or later.");
#endif

        static PickleException Mismatch(string what) =>
            new($"The {TypeNames.Of(typeof(TArray))} in the pickle {what}. The file is damaged or was not written by Pickle.");
    }

    private static int[] ReadBounds(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        if (count != Rank)
        {
            throw new PickleException(
                $"A {TypeNames.Of(typeof(TArray))} has {Rank} lower bound(s), but the pickle holds {count}. The file is damaged or was not written from these types.");
        }

        return ReadInts(ref reader, Rank);
    }

    private static int[] ReadInts(ref MessagePackReader reader, int count)
    {
        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = reader.ReadInt32();
        }

        return values;
    }
}
