using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The bytes of part of an array of unmanaged elements (of any rank) as a <see cref="Memory{T}"/> of bytes, so that
/// a dump can hash and write them straight from the caller's array instead of copying them.
/// </summary>
internal sealed unsafe class ArrayByteMemory : MemoryManager<byte>
{
    private readonly Array _array;
    private readonly nint _byteOffset;
    private readonly int _length;

    public ArrayByteMemory(Array array, long byteOffset, int length)
    {
        _array = array;
        _byteOffset = (nint)byteOffset;
        _length = length;
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
