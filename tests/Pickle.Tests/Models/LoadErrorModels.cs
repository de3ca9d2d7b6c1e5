namespace Pickling.Tests.Models;

// Old and new versions of types whose members changed type, for LoadErrorsTests.

public sealed class LineItem
{
    public string Sku { get; set; } = "";

    public int Quantity { get; set; }
}

public sealed class Basket
{
    public List<LineItem> Lines { get; set; } = [];

    public Dictionary<string, LineItem> ByCode { get; set; } = [];

    public LineItem[] Fixed { get; set; } = [];

    public object? Extra { get; set; }
}

public sealed class StockV1
{
    public string Quantity { get; set; } = "";

    public double[] History { get; set; } = [];
}

public sealed class StockV2
{
    public int Quantity { get; set; }

    public double[] History { get; set; } = [];
}

public sealed class ReadingV1
{
    public int? Value { get; set; }
}

public sealed class ReadingV2
{
    public int Value { get; set; }
}

public sealed class CounterV1
{
    public long Total { get; set; }
}

public sealed class CounterV2
{
    public int Total { get; set; }
}

/// <summary>One member, of any type: <c>Slot&lt;A&gt;</c> dumped loads as <c>Slot&lt;B&gt;</c> by its member's name.</summary>
public sealed class Slot<T>
{
    public T Value { get; set; } = default!;
}

/// <summary>A chain of boxes, for long paths.</summary>
public sealed class ChainStep
{
    public ChainStep? Next { get; set; }

    public int Value { get; set; }
}

/// <summary>A class with a member of its own type, dumped in one test only, so that its formatters are made there first.</summary>
public sealed class SelfLinked
{
    public SelfLinked? Next { get; set; }

    public int Value { get; set; }
}
