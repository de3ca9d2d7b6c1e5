namespace Pickling.Cli.Tests.Models;

/// <summary>A class of two fields, which a list of them writes by their names once (format version 5 on).</summary>
public sealed class Part
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;
}
