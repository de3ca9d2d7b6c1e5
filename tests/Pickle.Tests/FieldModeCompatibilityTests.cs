using System.Collections.Immutable;
using System.Numerics;
using Pickling.Tests.Models;

namespace Pickling.Tests;

/// <summary>Types MessagePack already handled keep round-tripping now that classes are dumped by field.</summary>
public class FieldModeCompatibilityTests
{
    public static TheoryData<object> Values => new()
    {
        new BigInteger(long.MaxValue) * 3,
        new Complex(1.5, -2),
        new Uri("https://example.com/a?b=c"),
        new Version(1, 2, 3, 4),
        new int[,] { { 1, 2 }, { 3, 4 } },
        new[] { new[] { 1 }, [], new[] { 2, 3 } },
        new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1 },
        new Queue<string>(["a", "b"]),
        new Stack<int>([1, 2, 3]),
        new LinkedList<int>([1, 2]),
        ImmutableList.Create(1, 2),
        ImmutableDictionary<string, int>.Empty.Add("a", 1),
        ImmutableArray.Create("x"),
        Tuple.Create(1, "a"),
        (1, 2.5, "c"),
        new KeyValuePair<int, string>(1, "a"),
        new Dictionary<int, List<PositionalPerson>> { [1] = [new PositionalPerson("Ada", 36)] },
        new List<Dictionary<string, List<int>>> { new() { ["x"] = [1, 2] } },
        new PositionalPerson[] { new("A", 1), new("B", 2) },
        new SmallRecord(1, 2.5, "n", new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), [1, 2]),
        DateOnly.FromDayNumber(700_000),
        TimeOnly.FromTimeSpan(TimeSpan.FromHours(5)),
        (Half)1.5,
        new RecordStruct(3, "s"),
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Load_ValueDumpedAsItsType_IsEquivalent(object value)
    {
        var loaded = RoundTripAs(value);

        loaded.Should().BeOfType(value.GetType());
        loaded.Should().BeEquivalentTo(value, o => o.WithStrictOrdering().RespectingRuntimeTypes());
    }

    private static object RoundTripAs(object value) =>
        typeof(FieldModeCompatibilityTests).GetMethod(nameof(RoundTrip), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(value.GetType()).Invoke(null, [value])!;

    private static T RoundTrip<T>(T value) => Pickle.LoadFromBytes<T>(Pickle.DumpToBytes(value));

    public readonly record struct RecordStruct(int A, string B);
}
