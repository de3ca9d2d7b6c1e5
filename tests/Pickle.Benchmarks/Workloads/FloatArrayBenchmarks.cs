using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Pickling.Benchmarks.Workloads;

/// <summary>Workload 2: one float[] (32M elements, 128 MiB, by default): large numeric data, where raw bytes are the limit.</summary>
public class FloatArrayBenchmarks : BlockBenchmarks<float[]>
{
    protected override float[] CreateValue()
    {
        var random = new Random(20_260_102);
        var values = GC.AllocateUninitializedArray<float>(WorkloadSizes.Floats);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)((random.NextDouble() * 2) - 1);
        }

        return values;
    }

    protected override void WriteRaw(Stream stream, float[] value) => RawBlocks.Write(stream, value);

    protected override float[] ReadRaw(Stream stream) => RawBlocks.Read<float>(stream);
}

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
