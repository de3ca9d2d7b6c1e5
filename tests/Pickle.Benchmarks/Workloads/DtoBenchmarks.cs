using PolyType;

namespace Pickling.Benchmarks.Workloads;

/// <summary>Workload 6: a six-member object (int, two strings, DateTime, decimal, List&lt;string&gt;) to a new byte array and back.</summary>
public class DtoBenchmarks : BytesBenchmarks<SmallDto>
{
    protected override SmallDto CreateValue() => Create();

    /// <summary>The DTO: an int, two strings, a UTC DateTime, a decimal and a list of two strings.</summary>
    internal static SmallDto Create() => new()
    {
        Id = 42,
        Name = "Ada Lovelace",
        Email = "ada@example.com",
        Created = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc),
        Balance = 1234.56m,
        Tags = ["math", "engines"],
    };

    protected override ITypeShape<SmallDto> Shape() => NerdbankShapes.OfShapeable<SmallDto>();
}
