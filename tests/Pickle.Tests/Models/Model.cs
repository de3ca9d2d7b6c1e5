namespace Pickling.Tests.Models;

/// <summary>A small "trained model": numbers in arrays of several shapes between ordinary members.</summary>
public sealed class Model
{
    public string? Name { get; set; }

    public float[]? Weights { get; set; }

    public Memory<double> Biases { get; set; }

    public int[,]? Grid { get; set; }

    public List<int>? Counts { get; set; }

    public string? Note { get; set; }
}
