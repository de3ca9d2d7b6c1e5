namespace Pickling.Benchmarks.Workloads;

/// <summary>The stages of a dump and a load of the tiny value of <see cref="TinyBytesBenchmarks"/>.</summary>
public class TinyStagesBenchmarks : SmallValueStages<List<int>>
{
    protected override List<int> CreateValue() => [1, 2, 3];
}
