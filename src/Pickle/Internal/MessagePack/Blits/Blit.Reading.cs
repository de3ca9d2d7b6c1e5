using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Reads the blocks of blitted arrays, allocating an array only once its bytes are known to be present. While a load
/// is verified as it goes (the call's <see cref="GraphState.Verifier"/>), large blocks are hashed as they are copied
/// into their arrays. Writing is in Blit.Writing.cs.
/// </summary>
internal static partial class Blit
{
    /// <summary>Reads a one-dimensional blit of <typeparamref name="T"/>, allocating the array only once its bytes are known to be present.</summary>
    public static T[] ReadVector<T>(ref MessagePackReader reader, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        if (TryReadSmallVector(ref reader, out T[]? small))
        {
            return small;
        }

        var elements = ReadVectorElements<T>(ref reader, out var count);
        if (ArrayByteMemory.TryClaim(elements, out T[]? loaded))
        {
            // Read from the stream straight into an array of its own (FORMAT.md, "Large payloads"): used as it is.
            if (typeof(T) == typeof(bool))
            {
                CheckBooleans(MemoryMarshal.AsBytes(loaded.AsSpan()));
            }

            return loaded;
        }

        var result = count == 0 ? [] : GC.AllocateUninitializedArray<T>(count);
        CopyElements(elements, result, GraphOptions.StateOf(options)?.Verifier);
        return result;
    }

    /// <summary>
    /// Reads a one-dimensional blit of <typeparamref name="T"/> into a new <see cref="List{T}"/> that holds exactly its
    /// elements, allocated only once their bytes are known to be present.
    /// </summary>
    public static List<T> ReadVectorList<T>(ref MessagePackReader reader, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        if (TryReadSmallVectorList(ref reader, out List<T>? small))
        {
            return small;
        }

        var elements = ReadVectorElements<T>(ref reader, out var count);
        var result = new List<T>(count);
        CollectionsMarshal.SetCount(result, count);
        CopyElements(elements, CollectionsMarshal.AsSpan(result), GraphOptions.StateOf(options)?.Verifier);
        return result;
    }

    /// <summary>
    /// Reads a small one-dimensional blit of <typeparamref name="T"/> (under 255 bytes, the usual array field) where
    /// it lies in the reader's buffer, without slicing the payload. False, with the reader unmoved, for anything else
    /// (a large, split, short or malformed blit, or another value), which the general path reads or reports.
    /// </summary>
    public static bool TryReadSmallVector<T>(ref MessagePackReader reader, [NotNullWhen(true)] out T[]? array)
        where T : unmanaged
    {
        var length = 0;
        if (!TryReadSmallVector(ReaderBytes.Unread(ref reader), ref length, out array))
        {
            return false;
        }

        reader.ReadRaw(length);
        return true;
    }

    /// <summary>As <see cref="TryReadSmallVector{T}(ref MessagePackReader, out T[])"/>, into a new <see cref="List{T}"/> that holds exactly the elements.</summary>
    public static bool TryReadSmallVectorList<T>(ref MessagePackReader reader, [NotNullWhen(true)] out List<T>? list)
        where T : unmanaged
    {
        var length = 0;
        if (!TryReadSmallVectorList(ReaderBytes.Unread(ref reader), ref length, out list))
        {
            return false;
        }

        reader.ReadRaw(length);
        return true;
    }

    /// <summary>As <see cref="TryReadSmallVector{T}(ref MessagePackReader, out T[])"/>, from <paramref name="bytes"/> at <paramref name="position"/>, which it moves past the blit.</summary>
    public static bool TryReadSmallVector<T>(ReadOnlySpan<byte> bytes, ref int position, [NotNullWhen(true)] out T[]? array)
        where T : unmanaged
    {
        if ((uint)position > (uint)bytes.Length || !TryPeekSmallVector<T>(bytes[position..], out var elements, out var length))
        {
            array = null;
            return false;
        }

        array = elements.IsEmpty ? [] : GC.AllocateUninitializedArray<T>(elements.Length / BlitElement<T>.Size);
        CopySmall(elements, array.AsSpan());
        position += length;
        return true;
    }

    /// <summary>As <see cref="TryReadSmallVectorList{T}(ref MessagePackReader, out List{T})"/>, from <paramref name="bytes"/> at <paramref name="position"/>, which it moves past the blit.</summary>
    public static bool TryReadSmallVectorList<T>(ReadOnlySpan<byte> bytes, ref int position, [NotNullWhen(true)] out List<T>? list)
        where T : unmanaged
    {
        if ((uint)position > (uint)bytes.Length || !TryPeekSmallVector<T>(bytes[position..], out var elements, out var length))
        {
            list = null;
            return false;
        }

        list = new List<T>(elements.Length / BlitElement<T>.Size);
        CollectionsMarshal.SetCount(list, list.Capacity);
        CopySmall(elements, CollectionsMarshal.AsSpan(list));
        position += length;
        return true;
    }

    /// <summary>
    /// Finds a small one-dimensional blit of <typeparamref name="T"/> at the start of <paramref name="unread"/>: its
    /// elements' bytes and the length of the whole extension, or false.
    /// </summary>
    private static bool TryPeekSmallVector<T>(ReadOnlySpan<byte> unread, out ReadOnlySpan<byte> elements, out int length)
        where T : unmanaged
    {
        elements = default;
        length = 0;
        if (unread.Length < 3)
        {
            return false;
        }

        // The extension header: code, data length (fixext or ext 8, the only ones for fewer than 256 bytes), type.
        int headerLength;
        int dataLength;
        switch (unread[0])
        {
            case MessagePackCode.FixExt1: (headerLength, dataLength) = (2, 1); break;
            case MessagePackCode.FixExt2: (headerLength, dataLength) = (2, 2); break;
            case MessagePackCode.FixExt4: (headerLength, dataLength) = (2, 4); break;
            case MessagePackCode.FixExt8: (headerLength, dataLength) = (2, 8); break;
            case MessagePackCode.FixExt16: (headerLength, dataLength) = (2, 16); break;
            case MessagePackCode.Ext8: (headerLength, dataLength) = (3, unread[1]); break;
            default: return false;
        }

        length = headerLength + dataLength;
        if (unchecked((sbyte)unread[headerLength - 1]) != BlitElements.VectorExtensionCode || dataLength == 0 || unread.Length < length
            || unread[headerLength] != BlitElement<T>.Code || (dataLength - 1) % BlitElement<T>.Size != 0)
        {
            return false;
        }

        elements = unread.Slice(headerLength + 1, dataLength - 1);
        return true;
    }

    /// <summary>Copies a small blit's elements (fewer bytes than a verifier hashes on its own) and checks booleans.</summary>
    private static void CopySmall<T>(ReadOnlySpan<byte> elements, Span<T> destination)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(destination);
        elements.CopyTo(bytes);
        if (typeof(T) == typeof(bool))
        {
            CheckBooleans(bytes);
        }
    }

    /// <summary>Reads the header of a one-dimensional blit of <typeparamref name="T"/>; returns its element bytes and their count.</summary>
    private static ReadOnlySequence<byte> ReadVectorElements<T>(ref MessagePackReader reader, out int count)
        where T : unmanaged
    {
        BlitElements.EnsureLittleEndian();
        var data = ReadExtension(ref reader, BlitElements.VectorExtensionCode, out var code);
        CheckCode<T>(code);
        count = ElementCount<T>(data.Length - 1);
        return data.Slice(1);
    }

    /// <summary>Reads a multi-dimensional blit of <typeparamref name="T"/> of the given rank.</summary>
    public static Array ReadMultiDimensional<T>(ref MessagePackReader reader, int rank, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        BlitElements.EnsureLittleEndian();
        var data = ReadExtension(ref reader, BlitElements.MultiDimensionalExtensionCode, out var code);
        CheckCode<T>(code);
        var headerLength = 2 + (8 * rank);
        if (data.Length < headerLength)
        {
            throw BlitElements.Invalid($"a {rank}-dimensional array needs a {headerLength}-byte header, but its data has only {data.Length} bytes");
        }

        Span<byte> header = stackalloc byte[headerLength];
        data.Slice(0, headerLength).CopyTo(header);
        var (lengths, lowerBounds, count) = ReadShape(header[1..], rank);
        var elements = data.Slice(headerLength);
        if (elements.Length != count * BlitElement<T>.Size)
        {
            throw BlitElements.Invalid($"its dimensions need {count * BlitElement<T>.Size:N0} bytes of elements, but it has {elements.Length:N0}");
        }

        var result = Array.CreateInstance(typeof(T), lengths, lowerBounds);
        var destination = MemoryMarshal.CreateSpan(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(result)),
            result.Length);
        CopyElements(elements, destination, GraphOptions.StateOf(options)?.Verifier);
        return result;
    }

    /// <summary>
    /// Reads a multi-dimensional blit's shape: its rank (which must be <paramref name="rank"/>), then its lengths and
    /// lower bounds, all checked. Returns them with the number of elements they make.
    /// </summary>
    public static (int[] Lengths, int[] LowerBounds, long Count) ReadShape(ReadOnlySpan<byte> shape, int rank)
    {
        if (shape[0] != rank)
        {
            throw BlitElements.Invalid($"it holds an array of rank {shape[0]}, not {rank}");
        }

        var lengths = new int[rank];
        var lowerBounds = new int[rank];
        long count = 1;
        for (var dimension = 0; dimension < rank; dimension++)
        {
            lengths[dimension] = BinaryPrimitives.ReadInt32LittleEndian(shape[(1 + (4 * dimension))..]);
            lowerBounds[dimension] = BinaryPrimitives.ReadInt32LittleEndian(shape[(1 + (4 * (rank + dimension)))..]);
            if (lengths[dimension] < 0 || (long)lowerBounds[dimension] + lengths[dimension] > (long)int.MaxValue + 1)
            {
                throw BlitElements.Invalid($"dimension {dimension} has length {lengths[dimension]} and lower bound {lowerBounds[dimension]}");
            }

            if (lengths[dimension] > Array.MaxLength)
            {
                throw BlitElements.Invalid($"dimension {dimension} has length {lengths[dimension]:N0}, more than the {Array.MaxLength:N0} an array can have");
            }

            count *= lengths[dimension];
            if (count > Array.MaxLength)
            {
                throw BlitElements.Invalid("its dimensions multiply to more elements than an array can hold");
            }
        }

        return (lengths, lowerBounds, count);
    }

    /// <summary>How many elements <paramref name="byteCount"/> bytes of data hold; they must be a whole number.</summary>
    public static int ElementCount<T>(long byteCount)
        where T : unmanaged
    {
        var size = BlitElement<T>.Size;
        if (byteCount % size != 0)
        {
            throw BlitElements.Invalid($"its {byteCount:N0} bytes of data are not a whole number of {size}-byte {TypeNames.Of(typeof(T))} elements");
        }

        var count = byteCount / size;
        if (count > Array.MaxLength)
        {
            throw BlitElements.Invalid($"it holds {count:N0} elements, more than an array can hold");
        }

        return (int)count;
    }

    /// <summary>
    /// Copies blit data into <paramref name="destination"/> (exactly as long), in blocks that fit a span of bytes.
    /// While a load checks its payload as it goes (<paramref name="verifier"/>), large blocks are hashed as they are copied.
    /// </summary>
    public static void CopyElements<T>(ReadOnlySequence<byte> source, Span<T> destination, PayloadVerifier? verifier)
        where T : unmanaged
    {
        if (source.IsSingleSegment && destination.Length <= BlitElement<T>.ElementsPerBlock)
        {
            // The usual case, and for small arrays the cost that matters: one span, one copy.
            var all = MemoryMarshal.AsBytes(destination);
            if (verifier?.TryCopy(source, all) != true)
            {
                source.FirstSpan.CopyTo(all);
            }

            if (typeof(T) == typeof(bool))
            {
                CheckBooleans(all);
            }

            return;
        }

        for (var rest = destination; !rest.IsEmpty;)
        {
            var count = Math.Min(rest.Length, BlitElement<T>.ElementsPerBlock);
            var bytes = MemoryMarshal.AsBytes(rest[..count]);
            var block = source.Slice(0, bytes.Length);
            if (verifier?.TryCopy(block, bytes) != true)
            {
                block.CopyTo(bytes);
            }

            source = source.Slice(bytes.Length);
            rest = rest[count..];
        }

        if (typeof(T) == typeof(bool))
        {
            CheckBooleans(MemoryMarshal.Cast<T, byte>(destination));
        }
    }

    public static void CheckBooleans(ReadOnlySpan<byte> values)
    {
        if (values.IndexOfAnyExcept((byte)0, (byte)1) is var index and >= 0)
        {
            throw BlitElements.Invalid($"boolean {index:N0} has the byte value {values[index]}, not 0 or 1");
        }
    }

    private static ReadOnlySequence<byte> ReadExtension(ref MessagePackReader reader, sbyte expectedCode, out byte elementCode)
    {
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode != expectedCode)
        {
            throw BlitElements.Invalid($"it is an extension of type {header.TypeCode}, not {expectedCode}");
        }

        if (header.Length == 0)
        {
            throw BlitElements.Invalid("its extension is empty, without an element code");
        }

        if (header.Length > reader.Sequence.Length - reader.Consumed)
        {
            throw BlitElements.Invalid($"it declares {header.Length:N0} bytes, but the payload has only {reader.Sequence.Length - reader.Consumed:N0} left");
        }

        var data = reader.ReadRaw(header.Length);
        elementCode = data.FirstSpan[0];
        return data;
    }

    private static void CheckCode<T>(byte code)
        where T : unmanaged
    {
        if (code != BlitElement<T>.Code)
        {
            throw BlitElements.Invalid($"it holds elements of type {BlitElements.Describe(code)}, not {TypeNames.Of(typeof(T))}");
        }
    }
}
