using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A root type whose whole payload can be one blit (a <c>T[]</c>, <see cref="Memory{T}"/> or
/// <see cref="ReadOnlyMemory{T}"/> of a blittable element other than <see cref="byte"/>), so that a large one can be
/// read from the stream straight into its array (see FORMAT.md, "Large payloads").
/// </summary>
internal abstract class BlitRoot
{
    /// <summary>The bytes before a large blit's elements: ext 32 (<c>c9</c>, length, type 90), then the element code.</summary>
    public const int PrefixLength = 7;

    /// <summary>The root type: an array or memory of the elements.</summary>
    public abstract Type RootType { get; }

    public abstract int ElementSize { get; }

    public abstract byte ElementCode { get; }

    /// <summary>The blit root of <typeparamref name="T"/>, or <see langword="null"/> if its payload is never one blit.</summary>
    public static BlitRoot? For<T>() => Cache<T>.Root;

    /// <summary>
    /// The number of data bytes if <paramref name="prefix"/> starts a payload of <paramref name="payloadLength"/>
    /// bytes that is one blit of this root's elements and nothing else; otherwise -1.
    /// </summary>
    public long DataLength(ReadOnlySpan<byte> prefix, long payloadLength)
    {
        if (prefix.Length < PrefixLength || prefix[0] != MessagePackCode.Ext32 || unchecked((sbyte)prefix[5]) != BlitElements.VectorExtensionCode || prefix[6] != ElementCode)
        {
            return -1;
        }

        var extensionLength = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        var dataLength = extensionLength - 1L;
        return extensionLength == payloadLength - (PrefixLength - 1) && dataLength % ElementSize == 0 && dataLength / ElementSize <= Array.MaxLength
            ? dataLength
            : -1;
    }

    /// <summary>A new array of <paramref name="count"/> elements, not cleared: the caller fills all of it.</summary>
    public abstract Array Allocate(int count);

    /// <summary>Checks the loaded elements (booleans must be 0 or 1) and returns the root value.</summary>
    public abstract object Complete(Array array);

    /// <summary><paramref name="length"/> bytes of <paramref name="array"/> from <paramref name="byteOffset"/>.</summary>
    public static Span<byte> Bytes(Array array, long byteOffset, int length) =>
        MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference(array), (nint)byteOffset), length);

    private static BlitRoot? Create(Type type)
    {
        Type? element = null;
        if (type.IsSZArray)
        {
            element = type.GetElementType();
        }
        else if (type.IsConstructedGenericType && (type.GetGenericTypeDefinition() == typeof(Memory<>) || type.GetGenericTypeDefinition() == typeof(ReadOnlyMemory<>)))
        {
            element = type.GetGenericArguments()[0];
        }

        return element is null || element == typeof(byte) || !BlitElements.IsBlittable(element)
            ? null
            : (BlitRoot)Activator.CreateInstance(typeof(BlitRoot<>).MakeGenericType(element), type)!;
    }

    private static class Cache<T>
    {
        public static readonly BlitRoot? Root = Create(typeof(T));
    }
}

/// <summary>The blit root of a <typeparamref name="TElement"/>[] and of memories of <typeparamref name="TElement"/>.</summary>
internal sealed class BlitRoot<TElement>(Type rootType) : BlitRoot
    where TElement : unmanaged
{
    public override Type RootType => rootType;

    public override int ElementSize => BlitElement<TElement>.Size;

    public override byte ElementCode => BlitElement<TElement>.Code;

    public override Array Allocate(int count) => count == 0 ? Array.Empty<TElement>() : GC.AllocateUninitializedArray<TElement>(count);

    public override object Complete(Array array)
    {
        var elements = (TElement[])array;
        if (typeof(TElement) == typeof(bool))
        {
            Blit.CheckBooleans(MemoryMarshal.AsBytes(elements.AsSpan()));
        }

        if (rootType == typeof(TElement[]))
        {
            return elements;
        }

        return rootType == typeof(Memory<TElement>) ? new Memory<TElement>(elements) : (object)new ReadOnlyMemory<TElement>(elements);
    }
}
