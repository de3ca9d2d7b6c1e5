namespace Pickling.Benchmarks.Workloads;

/// <summary>Workload 4: the list [1, 2, 3], for the latency of dumping and loading a tiny object.</summary>
public class TinyBenchmarks : SerializerBenchmarks<List<int>>
{
    protected override List<int> CreateValue() => [1, 2, 3];
}
