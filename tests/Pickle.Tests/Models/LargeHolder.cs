namespace Pickling.Tests.Models;

/// <summary>A class whose large arrays are members, one of them referenced twice: the shape of a saved model.</summary>
public sealed class LargeHolder
{
    public string Name { get; set; } = string.Empty;

    public double[] Weights { get; set; } = [];

    public double[] SameWeights { get; set; } = [];

    public List<float> Biases { get; set; } = [];

    public int[,] Grid { get; set; } = new int[0, 0];
}
