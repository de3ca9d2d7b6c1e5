namespace Pickling.Tests.Models;

/// <summary>A class with one field of each type whose formatter fields call directly, and a string.</summary>
public sealed class ScalarFields
{
    public int Count { get; set; }

    public long Total { get; set; }

    public double Ratio { get; set; }

    public float Scale { get; set; }

    public bool Flag { get; set; }

    public DateTime When { get; set; }

    public string? Text { get; set; }
}

/// <summary>The same fields in a struct, whose fields are set through a reference to it.</summary>
public struct ScalarStruct
{
    public int Count { get; set; }

    public long Total { get; set; }

    public double Ratio { get; set; }

    public float Scale { get; set; }

    public bool Flag { get; set; }

    public DateTime When { get; set; }

    public string? Text { get; set; }
}

/// <summary>Fields written as one block of numbers each, between scalar fields.</summary>
public sealed class BlockFields
{
    public int First { get; set; }

    public List<int>? Values { get; set; }

    public double[]? Weights { get; set; }

    public string? Last { get; set; }
}
