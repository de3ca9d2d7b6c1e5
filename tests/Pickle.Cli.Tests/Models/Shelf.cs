namespace Pickling.Cli.Tests.Models;

/// <summary>Two slots that may hold the same <see cref="Box"/>, for graphs dumped with references preserved.</summary>
public sealed class Shelf
{
    public Box? Left { get; set; }

    public Box? Right { get; set; }
}
