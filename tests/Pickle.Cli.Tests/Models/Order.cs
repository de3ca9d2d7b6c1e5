namespace Pickling.Cli.Tests.Models;

/// <summary>A class holding a list of <see cref="Part"/>: a list of orders nests lists that write their names once.</summary>
public sealed class Order
{
    public string Customer { get; set; } = string.Empty;

    public List<Part> Parts { get; set; } = [];
}
