using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A root type whose whole payload can be one blit, so that a large one can be read from the stream straight into
/// its storage (see FORMAT.md, "Large payloads"): a <c>T[]</c>, <see cref="List{T}"/>, <see cref="Memory{T}"/> or
/// <see cref="ReadOnlyMemory{T}"/> of a blittable element other than <see cref="byte"/> (ext 32 of type 90), or a
/// multi-dimensional array of one (ext 32 of type 91).
/// </summary>
internal abstract class BlitRoot
{
    /// <summary>The bytes of an ext 32 header: <c>c9</c>, a big-endian u32 length, the extension type.</summary>
    private const int ExtensionHeaderLength = 6;

    /// <summary>The root type.</summary>
    public abstract Type RootType { get; }

    /// <summary>The bytes before the elements: the extension header, the element code, and a multi-dimensional array's shape.</summary>
    public abstract int PrefixLength { get; }

    /// <summary>The blit root of <typeparamref name="T"/>, or <see langword="null"/> if its payload is never one blit.</summary>
    public static BlitRoot? For<T>() => Cache<T>.Root;

    /// <summary>
    /// If <paramref name="prefix"/> starts a payload of <paramref name="payloadLength"/> bytes that is one blit of
    /// this root's elements and nothing else, creates the storage its elements are read into; otherwise returns
    /// <see langword="null"/>.
    /// </summary>
    public abstract BlitDestination? Create(ReadOnlySpan<byte> prefix, long payloadLength);

    /// <summary>The data length an ext 32 of <paramref name="extensionType"/> declares, if it runs exactly to the payload's end; otherwise -1.</summary>
    protected static long DataLength(ReadOnlySpan<byte> prefix, sbyte extensionType, long payloadLength) =>
        prefix[0] == MessagePackCode.Ext32
        && unchecked((sbyte)prefix[5]) == extensionType
        && BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]) == payloadLength - ExtensionHeaderLength
            ? payloadLength - ExtensionHeaderLength
            : -1;

    private static BlitRoot? Create(Type type)
    {
        Type? element = null;
        Type? root = null;
        if (type.IsArray)
        {
            element = type.GetElementType();
            root = type.IsSZArray ? typeof(VectorRoot<>) : typeof(MultiDimensionalRoot<>);
        }
        else if (type.IsConstructedGenericType
            && (type.GetGenericTypeDefinition() == typeof(List<>) || type.GetGenericTypeDefinition() == typeof(Memory<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>)))
        {
            element = type.GetGenericArguments()[0];
            root = typeof(VectorRoot<>);
        }

        return element is null || element == typeof(byte) || !BlitElements.IsBlittable(element)
            ? null
            : (BlitRoot)Activator.CreateInstance(root!.MakeGenericType(element), type)!;
    }

    private static class Cache<T>
    {
        public static readonly BlitRoot? Root = Create(typeof(T));
    }
}

/// <summary>The storage a large blit is read into, in order, then turned into the root value.</summary>
internal abstract class BlitDestination
{
    /// <summary>The number of element bytes to read.</summary>
    public abstract long ByteLength { get; }

    /// <summary><paramref name="length"/> bytes of the storage from <paramref name="offset"/>.</summary>
    public abstract Span<byte> Bytes(long offset, int length);

    /// <summary>The same bytes as memory an asynchronous read can fill, or <see langword="null"/> if the storage cannot be lent out that way.</summary>
    public abstract Memory<byte>? MemoryOf(long offset, int length);

    /// <summary>Checks the elements (booleans must be 0 or 1) and returns the root value.</summary>
    public abstract object Complete();

    /// <summary><paramref name="length"/> bytes from <paramref name="byteOffset"/> after <paramref name="start"/>.</summary>
    protected static Span<byte> At(ref byte start, long byteOffset, int length) =>
        MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref start, (nint)byteOffset), length);
}

/// <summary>The root of a <typeparamref name="TElement"/>[], <see cref="List{T}"/> and memories of <typeparamref name="TElement"/>: ext 90.</summary>
internal sealed class VectorRoot<TElement>(Type rootType) : BlitRoot
    where TElement : unmanaged
{
    public override Type RootType => rootType;

    public override int PrefixLength => 7;

    public override BlitDestination? Create(ReadOnlySpan<byte> prefix, long payloadLength)
    {
        var dataLength = DataLength(prefix, BlitElements.VectorExtensionCode, payloadLength) - 1;
        if (dataLength < 0 || prefix[6] != BlitElement<TElement>.Code || dataLength % BlitElement<TElement>.Size != 0 || dataLength / BlitElement<TElement>.Size > Array.MaxLength)
        {
            return null;
        }

        var count = (int)(dataLength / BlitElement<TElement>.Size);
        if (rootType == typeof(List<TElement>))
        {
            var list = new List<TElement>(count);
            CollectionsMarshal.SetCount(list, count);
            return new ListDestination<TElement>(list);
        }

        var array = count == 0 ? [] : GC.AllocateUninitializedArray<TElement>(count);
        return new ArrayDestination<TElement>(array, array =>
        {
            var elements = (TElement[])array;
            if (rootType == typeof(TElement[]))
            {
                return elements;
            }

            return rootType == typeof(Memory<TElement>) ? new Memory<TElement>(elements) : (object)new ReadOnlyMemory<TElement>(elements);
        });
    }
}

/// <summary>The root of a multi-dimensional array of <typeparamref name="TElement"/>: ext 91, with its shape before the elements.</summary>
internal sealed class MultiDimensionalRoot<TElement>(Type rootType) : BlitRoot
    where TElement : unmanaged
{
    private readonly int _rank = rootType.GetArrayRank();

    public override Type RootType => rootType;

    public override int PrefixLength => 8 + (8 * _rank);

    public override BlitDestination? Create(ReadOnlySpan<byte> prefix, long payloadLength)
    {
        if (DataLength(prefix, BlitElements.MultiDimensionalExtensionCode, payloadLength) < 0 || prefix[6] != BlitElement<TElement>.Code)
        {
            return null;
        }

        int[] lengths, lowerBounds;
        long count;
        try
        {
            (lengths, lowerBounds, count) = Blit.ReadShape(prefix[7..], _rank);
        }
        catch (MessagePackSerializationException)
        {
            return null;
        }

        // Anything that does not describe the rest of the payload exactly is left to the usual path and its errors.
        return count * BlitElement<TElement>.Size == payloadLength - PrefixLength
            ? new ArrayDestination<TElement>(Array.CreateInstance(typeof(TElement), lengths, lowerBounds), array => array)
            : null;
    }
}

/// <summary>The elements of an array of any rank.</summary>
internal sealed class ArrayDestination<TElement>(Array array, Func<Array, object> complete) : BlitDestination
    where TElement : unmanaged
{
    public override long ByteLength => array.LongLength * BlitElement<TElement>.Size;

    public override Span<byte> Bytes(long offset, int length) => At(ref MemoryMarshal.GetArrayDataReference(array), offset, length);

    public override Memory<byte>? MemoryOf(long offset, int length) => new ArrayByteMemory(array, offset, length).Memory;

    public override object Complete()
    {
        if (typeof(TElement) == typeof(bool))
        {
            for (long offset = 0; offset < ByteLength; offset += int.MaxValue)
            {
                Blit.CheckBooleans(Bytes(offset, (int)Math.Min(int.MaxValue, ByteLength - offset)));
            }
        }

        return complete(array);
    }
}

/// <summary>The items of a list whose count is already set; asynchronous reads go through a buffer, as the list's array cannot be lent out.</summary>
internal sealed class ListDestination<TElement>(List<TElement> list) : BlitDestination
    where TElement : unmanaged
{
    public override long ByteLength => (long)list.Count * BlitElement<TElement>.Size;

    public override Span<byte> Bytes(long offset, int length) =>
        At(ref Unsafe.As<TElement, byte>(ref MemoryMarshal.GetReference(CollectionsMarshal.AsSpan(list))), offset, length);

    public override Memory<byte>? MemoryOf(long offset, int length) => null;

    public override object Complete()
    {
        if (typeof(TElement) == typeof(bool))
        {
            Blit.CheckBooleans(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(list)));
        }

        return list;
    }
}
