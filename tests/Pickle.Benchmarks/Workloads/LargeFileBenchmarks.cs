namespace Pickling.Benchmarks.Workloads;

/// <summary>Durability workload, large: a <c>double[]</c> of 12.5 million elements, a file of about 100 MB.</summary>
public class LargeFileBenchmarks : DurableFileBenchmarks<double[]>
{
    protected override double[] CreateValue()
    {
        var random = new Random(20_260_102);
        var values = new double[12_500_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = random.NextDouble();
        }

        return values;
    }
}
