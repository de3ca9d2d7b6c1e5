using System.Buffers.Binary;
using System.Text;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// Workload 3: a "model", a dictionary of a few hundred named double[] of mixed sizes (300 arrays of 8 to 131,072
/// elements, sizes spread log-uniformly, about 32 MB in all, by default).
/// </summary>
public class ModelBenchmarks : BlockBenchmarks<Dictionary<string, double[]>>
{
    private const int SmallestArray = 8;
    private const int LargestArray = 128 * 1024;

    protected override Dictionary<string, double[]> CreateValue()
    {
        var random = new Random(20_260_103);
        var count = WorkloadSizes.ModelArrays;
        var model = new Dictionary<string, double[]>(count);
        for (var i = 0; i < count; i++)
        {
            var length = (int)Math.Round(SmallestArray * Math.Pow((double)LargestArray / SmallestArray, random.NextDouble()));
            var weights = new double[length];
            for (var j = 0; j < weights.Length; j++)
            {
                weights[j] = random.NextDouble() - 0.5;
            }

            model.Add($"layers.{i / 2}.{(i % 2 == 0 ? "weight" : "bias")}", weights);
        }

        return model;
    }

    protected override void WriteRaw(Stream stream, Dictionary<string, double[]> value)
    {
        Span<byte> count = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(count, value.Count);
        stream.Write(count);
        foreach (var (name, weights) in value)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt32LittleEndian(count, nameBytes.Length);
            stream.Write(count);
            stream.Write(nameBytes);
            RawBlocks.Write(stream, weights);
        }
    }

    protected override Dictionary<string, double[]> ReadRaw(Stream stream)
    {
        Span<byte> count = stackalloc byte[sizeof(int)];
        stream.ReadExactly(count);
        var entries = BinaryPrimitives.ReadInt32LittleEndian(count);
        var model = new Dictionary<string, double[]>(entries);
        for (var i = 0; i < entries; i++)
        {
            stream.ReadExactly(count);
            var nameBytes = new byte[BinaryPrimitives.ReadInt32LittleEndian(count)];
            stream.ReadExactly(nameBytes);
            model.Add(Encoding.UTF8.GetString(nameBytes), RawBlocks.Read<double>(stream));
        }

        return model;
    }
}
