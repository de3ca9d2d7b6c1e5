using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// One element type Pickle writes as a little-endian block (a "blit"): the code that names it in the payload, its
/// .NET type, size and kind, and how to make an array of it. A row of <see cref="BlitElementTypes"/>.
/// </summary>
internal sealed class BlitElementType
{
    private readonly Func<int, Array> _allocate;

    private BlitElementType(byte code, Type type, int size, BlitElementKind kind, Func<int, Array> allocate)
    {
        Code = code;
        Type = type;
        Size = size;
        Kind = kind;
        _allocate = allocate;
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
        new((byte)code, typeof(T), Unsafe.SizeOf<T>(), kind, static count => GC.AllocateUninitializedArray<T>(count));

    /// <summary>A new array of <paramref name="count"/> elements, not cleared: the caller fills all of them.</summary>
    public Array Allocate(int count) => _allocate(count);
}
