namespace Pickling.Tests.Models;

public sealed record Member(string Name, int Age, DateTime Born, List<string> Tags);

public static class Sample
{
    public static Member Member { get; } = new("Ada", 36, new DateTime(1815, 12, 10, 0, 0, 0, DateTimeKind.Utc), ["math", "engines"]);
}
