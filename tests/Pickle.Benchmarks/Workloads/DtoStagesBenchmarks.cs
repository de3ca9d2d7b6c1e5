namespace Pickling.Benchmarks.Workloads;

/// <summary>The stages of a dump and a load of the DTO of <see cref="DtoBenchmarks"/>.</summary>
public class DtoStagesBenchmarks : SmallValueStages<SmallDto>
{
    protected override SmallDto CreateValue() => DtoBenchmarks.Create();
}
