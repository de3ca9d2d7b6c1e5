using PolyType;

namespace Pickling.Benchmarks.Workloads;

/// <summary>Workload 5: the list [1, 2, 3] to a new byte array and back, for the latency of a tiny value.</summary>
public class TinyBytesBenchmarks : BytesBenchmarks<List<int>>
{
    protected override List<int> CreateValue() => [1, 2, 3];

    protected override ITypeShape<List<int>> Shape() => NerdbankShapes.Of<List<int>>();
}
