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
