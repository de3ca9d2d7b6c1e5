using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// One element type Pickle writes as a little-endian block (a "blit"): the code that names it in the payload, its
/// .NET type, size and kind, and how to make an array of it. A row of <see cref="BlitElementTypes"/>.
/// </summary>
internal sealed class BlitElementType
{
    private BlitElementType(byte code, Type type, int size, BlitElementKind kind)
    {
        Code = code;
        Type = type;
        Size = size;
        Kind = kind;
    }

    /// <summary>The Python <c>struct</c>/NumPy type character that names the type in the payload.</summary>
    public byte Code { get; }

    public Type Type { get; }

    /// <summary>The bytes of one element.</summary>
    public int Size { get; }

    public BlitElementKind Kind { get; }

    /// <summary>The type's name in messages.</summary>
    public string Name => TypeNames.Of(Type);

    /// <summary>The row of <typeparamref name="T"/>, named by <paramref name="code"/>.</summary>
    public static BlitElementType Of<T>(char code, BlitElementKind kind)
        where T : unmanaged =>
        new((byte)code, typeof(T), Unsafe.SizeOf<T>(), kind);

    /// <summary>
    /// A new array of <paramref name="count"/> elements, not cleared: the caller fills all of them. A test of the type
    /// rather than a delegate per row, so that making the table compiles no code per element type.
    /// </summary>
    public Array Allocate(int count) =>
        Type == typeof(bool) ? GC.AllocateUninitializedArray<bool>(count)
        : Type == typeof(sbyte) ? GC.AllocateUninitializedArray<sbyte>(count)
        : Type == typeof(byte) ? GC.AllocateUninitializedArray<byte>(count)
        : Type == typeof(short) ? GC.AllocateUninitializedArray<short>(count)
        : Type == typeof(ushort) ? GC.AllocateUninitializedArray<ushort>(count)
        : Type == typeof(int) ? GC.AllocateUninitializedArray<int>(count)
        : Type == typeof(uint) ? GC.AllocateUninitializedArray<uint>(count)
        : Type == typeof(long) ? GC.AllocateUninitializedArray<long>(count)
        : Type == typeof(ulong) ? GC.AllocateUninitializedArray<ulong>(count)
        : Type == typeof(Half) ? GC.AllocateUninitializedArray<Half>(count)
        : Type == typeof(float) ? GC.AllocateUninitializedArray<float>(count)
        : Type == typeof(double) ? GC.AllocateUninitializedArray<double>(count)
        : Type == typeof(char) ? GC.AllocateUninitializedArray<char>(count)
        : throw new InvalidOperationException($"{Name} has a row in BlitElementTypes but no allocation here.");
}
