namespace Pickling.Tests.Models;

/// <summary>One object with a member of most kinds Pickle handles: the type zoo of the hostile-input and property tests.</summary>
public sealed class ZooValue
{
    public int Count { get; set; }

    public long Big { get; set; }

    public double Ratio { get; set; }

    public string? Text { get; set; }

    public byte[]? Bytes { get; set; }

    public DateTime When { get; set; }

    public decimal Money { get; set; }

    public Guid Id { get; set; }

    public List<int>? Ints { get; set; }

    public Dictionary<string, int>? ByName { get; set; }

    public Dictionary<ZooKey, string>? ByKey { get; set; }

    public Dictionary<(int, string), int>? ByTuple { get; set; }

    public HashSet<ZooKey>? Keys { get; set; }

    public object? Anything { get; set; }

    public object?[]? Objects { get; set; }

    public ChainLink? Link { get; set; }

    public static ZooValue Sample() => new()
    {
        Count = -7,
        Big = long.MaxValue,
        Ratio = 2.5,
        Text = "zoo ü",
        Bytes = [1, 2, 3],
        When = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc),
        Money = 12.340m,
        Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
        Ints = [1, 2, 3],
        ByName = new() { ["a"] = 1, ["b"] = 2 },
        ByKey = new() { [new ZooKey(1, "one")] = "x" },
        ByTuple = new() { [(1, "a")] = 3 },
        Keys = [new ZooKey(2, "two")],
        Anything = "text",
        Objects = [1L, "two", null],
        Link = ChainLink.Chain(3),
    };
}
