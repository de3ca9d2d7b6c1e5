namespace Pickling.Cli.Tests.Models;

public enum Shade
{
    Light,
    Dark = 7,
}

/// <summary>The base of <see cref="Archive"/>: private fields, one whose name the derived class reuses.</summary>
[Serializable]
public class ArchiveBase
{
    private string _keeper = "";
    private int _level;

    public string Keeper => _keeper;

    public int BaseLevel => _level;

    public void SetBase(string keeper, int level)
    {
        _keeper = keeper;
        _level = level;
    }
}

/// <summary>A [Serializable] class of this test assembly, which the pickle tool cannot have, that BinaryFormatter saves.</summary>
[Serializable]
public class Archive : ArchiveBase
{
    private int _level;

    public int Level { get => _level; set => _level = value; }

    public string Name { get; set; } = "";

    public Shade Shade { get; set; }

    public DateTime Stamp { get; set; }

    public DateTime LocalStamp { get; set; }

    public decimal Amount { get; set; }

    public TimeSpan Age { get; set; }

    public Guid Key { get; set; }

    public double? Ratio { get; set; }

    public int? Missing { get; set; }

    public int[] Counts { get; set; } = [];

    public int[,] Grid { get; set; } = new int[0, 0];

    public List<string> Tags { get; set; } = [];

    public Dictionary<string, int> Totals { get; set; } = [];

    public List<Item> Items { get; set; } = [];

    public Dictionary<string, Item> ByName { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public Item[] Shelf { get; set; } = [];

    public Item? First { get; set; }

    public Item? Again { get; set; }

    public object? Extra { get; set; }

    public static Archive Sample()
    {
        var archive = new Archive
        {
            Level = 3,
            Name = "north",
            Shade = Shade.Dark,
            Stamp = new DateTime(2024, 2, 29, 12, 30, 45, DateTimeKind.Utc).AddTicks(7),
            LocalStamp = new DateTime(2023, 7, 1, 8, 0, 0, DateTimeKind.Local),
            Amount = 10.500m,
            Age = TimeSpan.FromMinutes(-90),
            Key = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Ratio = 0.25,
            Counts = [1, 2, 3],
            Grid = new[,] { { 1, 2 }, { 3, 4 } },
            Tags = ["a", "b"],
            Totals = new() { ["x"] = 1 },
            Extra = "text",
        };
        archive.SetBase("ada", -1);
        var first = new Item { Title = "first", Owner = archive };
        var second = new Item { Title = "second", Owner = archive };
        archive.Items = [first, second];
        archive.ByName["First"] = first;
        archive.Shelf = [second, null!, first];
        archive.First = first;
        archive.Again = first;
        return archive;
    }
}

/// <summary>An object of <see cref="Archive"/>'s graph, shared and pointing back to its archive.</summary>
[Serializable]
public class Item
{
    public string Title { get; set; } = "";

    public Archive? Owner { get; set; }
}

/// <summary>A class with only members the tool rewrites whatever it holds, for a test that renames its types.</summary>
[Serializable]
public class Plain
{
    public string Name { get; set; } = "";

    public Plain? Next { get; set; }

    public Plain[] Others { get; set; } = [];

    public Shade Shade { get; set; }
}

/// <summary>A class with a number in a member declared object, which BinaryFormatter's records cannot tell from a nullable one.</summary>
[Serializable]
public class Boxing
{
    public object? Value { get; set; }
}

/// <summary>A struct of this test assembly: BinaryFormatter's records do not say it is one.</summary>
[Serializable]
public struct Spot
{
    public int X { get; set; }
}

/// <summary>A class with a member of a struct type of its program.</summary>
[Serializable]
public class Pinned
{
    public Spot Spot { get; set; }
}
