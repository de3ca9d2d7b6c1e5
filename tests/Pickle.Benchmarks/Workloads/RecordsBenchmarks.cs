namespace Pickling.Benchmarks.Workloads;

/// <summary>Workload 1: a list of small records (200,000 by default): object data, where MessagePack is the bar.</summary>
public class RecordsBenchmarks : SerializerBenchmarks<List<SmallRecord>>
{
    protected override List<SmallRecord> CreateValue() => RecordsData.Create(WorkloadSizes.Records);
}
