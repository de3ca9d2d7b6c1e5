namespace Pickling.Benchmarks.Workloads;

/// <summary>The records of the records and clone workloads: the same seed, so every workload measures the same data.</summary>
public static class RecordsData
{
    /// <summary>Makes <paramref name="count"/> records with 0 to 7 values each.</summary>
    public static List<SmallRecord> Create(int count)
    {
        var random = new Random(20_260_101);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var records = new List<SmallRecord>(count);
        for (var i = 0; i < count; i++)
        {
            var values = new List<int>(i % 8);
            for (var j = 0; j < i % 8; j++)
            {
                values.Add(random.Next(-1_000_000, 1_000_000));
            }

            records.Add(new SmallRecord
            {
                Id = i,
                Score = random.NextDouble() * 1000,
                Name = $"record-{i}-{random.Next(100_000)}",
                Timestamp = start.AddSeconds(random.Next(0, 365 * 24 * 3600)),
                Values = values,
            });
        }

        return records;
    }
}
