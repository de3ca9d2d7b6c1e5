namespace Pickling.Cli.Tests.Models;

/// <summary>A small class that a <see cref="Shelf"/> holds, possibly twice.</summary>
public sealed class Box
{
    public string Label { get; set; } = string.Empty;
}
