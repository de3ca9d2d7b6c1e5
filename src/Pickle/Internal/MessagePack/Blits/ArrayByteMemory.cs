using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The bytes of part of an array of unmanaged elements (of any rank) as a <see cref="Memory{T}"/> of bytes, so that
/// a dump can hash and write them straight from the caller's array instead of copying them, and a load can read a
/// large blit from the stream straight into the array that the value being loaded then takes over
/// (<see cref="TryClaim{T}"/>).
/// </summary>
internal sealed unsafe class ArrayByteMemory : MemoryManager<byte>
{
    private readonly Array _array;
    private readonly nint _byteOffset;
    private readonly int _length;
    private readonly bool _claimable;
    private int _claimed;

    public ArrayByteMemory(Array array, long byteOffset, int length)
        : this(array, byteOffset, length, claimable: false)
    {
    }

    private ArrayByteMemory(Array array, long byteOffset, int length, bool claimable)
    {
        _array = array;
        _byteOffset = (nint)byteOffset;
        _length = length;
        _claimable = claimable;
    }

    /// <summary>
    /// Part of an array that a load created and filled with a blit's elements (FORMAT.md, "Large payloads"). The part
    /// that starts the array is the one <see cref="TryClaim{T}"/> recognizes.
    /// </summary>
    public static ArrayByteMemory LoadedPart(Array array, long byteOffset, int length) =>
        new(array, byteOffset, length, claimable: byteOffset == 0);

    /// <summary>
    /// Hands over the array that holds exactly <paramref name="elements"/>, if those bytes are the whole of an array
    /// a load created for them (<see cref="LoadedPart"/>) of <typeparamref name="T"/>, and it was not handed over
    /// before: the value being loaded can then use it as it is instead of copying it. The array is handed over at
    /// most once; any later read of the same bytes copies them as usual.
    /// </summary>
    public static bool TryClaim<T>(ReadOnlySequence<byte> elements, [NotNullWhen(true)] out T[]? array)
        where T : unmanaged
    {
        if (MemoryMarshal.TryGetMemoryManager<byte, ArrayByteMemory>(elements.First, out var part, out var start, out _)
            && part._claimable
            && start == 0
            && part._array.GetType() == typeof(T[])
            && part._array is T[] whole
            && elements.Length == (long)whole.Length * Unsafe.SizeOf<T>()
            && Interlocked.Exchange(ref part._claimed, 1) == 0)
        {
            array = whole;
            return true;
        }

        array = null;
        return false;
    }

    public override Span<byte> GetSpan() =>
        MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref MemoryMarshal.GetArrayDataReference(_array), _byteOffset), _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, _length);
        var handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        var start = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_array));
        return new MemoryHandle(start + _byteOffset + elementIndex, handle);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
