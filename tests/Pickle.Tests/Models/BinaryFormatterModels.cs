using System.Collections;

namespace Pickling.Tests.Models;

/// <summary>The base of <see cref="Ledger"/>: private fields BinaryFormatter names <c>LedgerBase+field</c>, one whose name the derived class reuses.</summary>
[Serializable]
public class LedgerBase
{
    private string _owner = "";
    private int _count;

    public string Title { get; set; } = "";

    public string Owner => _owner;

    public int BaseCount => _count;

    public void SetBase(string owner, int count)
    {
        _owner = owner;
        _count = count;
    }
}

/// <summary>A [Serializable] model with every family LoadBinaryFormatter maps: base-class private fields, auto-properties, collections, exact scalars, references.</summary>
[Serializable]
public class Ledger : LedgerBase
{
    private int _count;

    public int Count { get => _count; set => _count = value; }

    public Color Color { get; set; }

    public Huge Huge { get; set; }

    public int? Maybe { get; set; }

    public int? Nothing { get; set; }

    public DateTime Utc { get; set; }

    public DateTime Local { get; set; }

    public DateTime Unspecified { get; set; }

    public TimeSpan Span { get; set; }

    public decimal Price { get; set; }

    public Guid Id { get; set; }

    public DateTimeOffset Offset { get; set; }

    public LedgerPoint Point { get; set; }

    public List<int> Numbers { get; set; } = [];

    public List<string?> Words { get; set; } = [];

    public List<Entry> Entries { get; set; } = [];

    public Dictionary<string, int> Totals { get; set; } = [];

    public Dictionary<string, Entry> ByName { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<int> Tags { get; set; } = [];

    public Queue<string> Waiting { get; set; } = new();

    public Stack<int> Undo { get; set; } = new();

    public SortedDictionary<string, int> Sorted { get; set; } = [];

    public SortedList<int, string> Ranked { get; set; } = [];

    public SortedSet<string> Names { get; set; } = [];

    public Hashtable Table { get; set; } = [];

    public ArrayList Mixed { get; set; } = [];

    public int[,] Grid { get; set; } = new int[0, 0];

    public int[][] Jagged { get; set; } = [];

    public string[] Labels { get; set; } = [];

    public Entry?[] Slots { get; set; } = [];

    public double[] Weights { get; set; } = [];

    public object? Boxed { get; set; }

    public Entry? Main { get; set; }

    public Entry? Same { get; set; }
}

/// <summary>An object of <see cref="Ledger"/>'s graph that points back to its ledger.</summary>
[Serializable]
public class Entry
{
    public string Name { get; set; } = "";

    public decimal Amount { get; set; }

    public Ledger? Ledger { get; set; }
}

/// <summary>A struct field.</summary>
[Serializable]
public struct LedgerPoint
{
    public int X { get; set; }

    public double Y { get; set; }
}

/// <summary>A link of a chain as deep as a test needs.</summary>
[Serializable]
public class LedgerLink
{
    public LedgerLink? Next { get; set; }
}

/// <summary>A holder of a value declared <see cref="object"/>, in which a test puts a payload naming a gadget type.</summary>
[Serializable]
public class LedgerHolder
{
    public object? Value { get; set; }
}

/// <summary>A [Serializable] class that the tests rename, in the payload's bytes, to a type Pickle never creates.</summary>
[Serializable]
public class GadgetStandIn
{
    public string Path { get; set; } = "/etc/passwd";
}
