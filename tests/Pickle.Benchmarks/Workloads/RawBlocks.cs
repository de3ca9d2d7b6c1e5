using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Pickling.Benchmarks.Workloads;

/// <summary>The raw-bytes peer: a length, then the array's memory as it is.</summary>
internal static class RawBlocks
{
    public static void Write<TElement>(Stream stream, TElement[] array)
        where TElement : unmanaged
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(length, array.Length);
        stream.Write(length);
        stream.Write(MemoryMarshal.AsBytes(array.AsSpan()));
    }

    public static TElement[] Read<TElement>(Stream stream)
        where TElement : unmanaged
    {
        Span<byte> length = stackalloc byte[sizeof(int)];
        stream.ReadExactly(length);
        var array = GC.AllocateUninitializedArray<TElement>(BinaryPrimitives.ReadInt32LittleEndian(length));
        stream.ReadExactly(MemoryMarshal.AsBytes(array.AsSpan()));
        return array;
    }
}
