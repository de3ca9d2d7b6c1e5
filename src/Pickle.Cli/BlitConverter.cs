using System.Buffers;
using System.Buffers.Binary;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

/// <summary>
/// Writes Pickle's blits (extensions 90 and 91, FORMAT.md "Large numeric data") to a sink as arrays of numbers,
/// decoding each element by the library's table of element types (<see cref="BlitElementTypes"/>).
/// </summary>
internal static class BlitConverter
{
    /// <summary>How many arrays a multi-dimensional blit may expand to beyond one per element (empty rows cost output, not input).</summary>
    private const long MaxEmptyRows = 1 << 20;

    private static readonly string Vector = Describe(PickleExtensions.Vector);

    private static readonly string MultiDimensional = Describe(PickleExtensions.MultiDimensional);

    /// <summary>Writes ext 90 (element code, then little-endian elements) as an array.</summary>
    public static void WriteVector(ReadOnlySequence<byte> data, IValueSink sink)
    {
        if (data.IsEmpty)
        {
            throw ContentConverter.Malformed(Vector);
        }

        var element = ElementType(data.FirstSpan[0]);
        var elements = data.Slice(1);
        if (elements.Length % element.Size != 0)
        {
            throw new InvalidOperationException(
                $"an {Vector} has {elements.Length:N0} bytes of elements, not a whole number of {element.Size}-byte elements");
        }

        var count = elements.Length / element.Size;
        if (count > int.MaxValue)
        {
            throw new InvalidOperationException($"an {Vector} holds {count:N0} elements, more than an array can hold");
        }

        var elementReader = new SequenceReader<byte>(elements);
        sink.StartArray((int)count);
        WriteElements(ref elementReader, element, count, sink);
        sink.EndArray();
    }

    /// <summary>Writes ext 91 (element code, rank, lengths, lower bounds, row-major elements) as nested arrays, <paramref name="depth"/> levels down.</summary>
    public static void WriteMultiDimensional(ReadOnlySequence<byte> data, IValueSink sink, int depth)
    {
        if (data.Length < 2)
        {
            throw ContentConverter.Malformed(MultiDimensional);
        }

        var reader = new SequenceReader<byte>(data);
        reader.TryRead(out var code);
        reader.TryRead(out var rank);
        var element = ElementType(code);
        if (rank == 0 || data.Length < 2 + (8L * rank))
        {
            throw ContentConverter.Malformed(MultiDimensional);
        }

        if (depth + rank > ContentConverter.MaxDepth)
        {
            throw ContentConverter.TooDeep();
        }

        var lengths = new int[rank];
        var lowerBounds = new int[rank];
        for (var dimension = 0; dimension < rank; dimension++)
        {
            reader.TryReadLittleEndian(out lengths[dimension]);
        }

        for (var dimension = 0; dimension < rank; dimension++)
        {
            reader.TryReadLittleEndian(out lowerBounds[dimension]);
        }

        long count = 1;
        long rows = 0;
        for (var dimension = 0; dimension < rank; dimension++)
        {
            if (lengths[dimension] < 0)
            {
                throw new InvalidOperationException($"a {MultiDimensional} has a negative length in dimension {dimension}");
            }

            rows += count;
            count *= lengths[dimension];
            if (count > Array.MaxLength)
            {
                throw new InvalidOperationException($"a {MultiDimensional} has dimensions that multiply to more elements than an array can hold");
            }
        }

        if (reader.Remaining != count * element.Size)
        {
            throw new InvalidOperationException(
                $"a {MultiDimensional} needs {count * element.Size:N0} bytes of elements for its dimensions, but has {reader.Remaining:N0}");
        }

        if (rows > count + MaxEmptyRows)
        {
            throw new InvalidOperationException($"a {MultiDimensional} has dimensions that make {rows:N0} rows for {count:N0} elements");
        }

        var offset = Array.Exists(lowerBounds, bound => bound != 0);
        if (offset)
        {
            sink.StartMap(2);
            sink.WriteKey("$lowerBounds");
            sink.StartArray(rank);
            foreach (var bound in lowerBounds)
            {
                sink.WriteInt64(bound);
            }

            sink.EndArray();
            sink.WriteKey("$value");
        }

        WriteDimension(ref reader, lengths, 0, element, sink);
        if (offset)
        {
            sink.EndMap();
        }
    }

    /// <summary>An extension's name and code in messages: "array of numbers (ext 90)".</summary>
    private static string Describe(sbyte typeCode) => $"{PickleExtensions.NameOf(typeCode)} (ext {typeCode})";

    private static BlitElementType ElementType(byte code) =>
        BlitElementTypes.Find(code) ?? throw new InvalidOperationException($"an array of numbers has the unknown element code 0x{code:X2}");

    private static void WriteDimension(ref SequenceReader<byte> reader, int[] lengths, int dimension, BlitElementType element, IValueSink sink)
    {
        sink.StartArray(lengths[dimension]);
        if (dimension == lengths.Length - 1)
        {
            WriteElements(ref reader, element, lengths[dimension], sink);
        }
        else
        {
            for (var i = 0; i < lengths[dimension]; i++)
            {
                WriteDimension(ref reader, lengths, dimension + 1, element, sink);
            }
        }

        sink.EndArray();
    }

    private static void WriteElements(ref SequenceReader<byte> reader, BlitElementType element, long count, IValueSink sink)
    {
        Span<byte> buffer = stackalloc byte[8];
        var bytes = buffer[..element.Size];
        for (long i = 0; i < count; i++)
        {
            if (!reader.TryCopyTo(bytes))
            {
                throw new EndOfStreamException("an array of numbers ends in the middle of an element");
            }

            reader.Advance(element.Size);
            WriteElement(bytes, element, sink);
        }
    }

    /// <summary>Writes one little-endian element as the portable value its kind and size make it.</summary>
    private static void WriteElement(ReadOnlySpan<byte> bytes, BlitElementType element, IValueSink sink)
    {
        switch (element.Kind)
        {
            case BlitElementKind.Boolean:
                sink.WriteBoolean(bytes[0] != 0);
                break;
            case BlitElementKind.SignedInteger:
                sink.WriteInt64(bytes.Length switch
                {
                    1 => unchecked((sbyte)bytes[0]),
                    2 => BinaryPrimitives.ReadInt16LittleEndian(bytes),
                    4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
                    _ => BinaryPrimitives.ReadInt64LittleEndian(bytes),
                });
                break;
            case BlitElementKind.UnsignedInteger when bytes.Length == 8:
                sink.WriteUInt64(BinaryPrimitives.ReadUInt64LittleEndian(bytes));
                break;
            case BlitElementKind.UnsignedInteger:
                sink.WriteInt64(bytes.Length switch
                {
                    1 => bytes[0],
                    2 => BinaryPrimitives.ReadUInt16LittleEndian(bytes),
                    _ => BinaryPrimitives.ReadUInt32LittleEndian(bytes),
                });
                break;
            case BlitElementKind.FloatingPoint when bytes.Length == 8:
                sink.WriteDouble(BinaryPrimitives.ReadDoubleLittleEndian(bytes));
                break;
            case BlitElementKind.FloatingPoint:
                sink.WriteSingle(bytes.Length == 2 ? (float)BinaryPrimitives.ReadHalfLittleEndian(bytes) : BinaryPrimitives.ReadSingleLittleEndian(bytes));
                break;
            default:
                var character = (char)BinaryPrimitives.ReadUInt16LittleEndian(bytes);
                if (char.IsSurrogate(character))
                {
                    sink.WriteInt64(character);
                }
                else
                {
                    sink.WriteString(character.ToString());
                }

                break;
        }
    }
}
