namespace Pickling.Benchmarks.Workloads;

/// <summary>Durability workload, small: a list of 12 small records, a file of about 1 KB.</summary>
public class SmallFileBenchmarks : DurableFileBenchmarks<List<SmallRecord>>
{
    protected override List<SmallRecord> CreateValue()
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = new List<SmallRecord>(12);
        for (var i = 0; i < 12; i++)
        {
            records.Add(new SmallRecord
            {
                Id = i,
                Score = i * 12.5,
                Name = $"record-{i}",
                Timestamp = start.AddHours(i),
                Values = [.. Enumerable.Range(i * 10, i % 8)],
            });
        }

        return records;
    }
}
