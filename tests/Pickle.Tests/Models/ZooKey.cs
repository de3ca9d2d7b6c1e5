namespace Pickling.Tests.Models;

/// <summary>A custom dictionary and set key with value equality.</summary>
public sealed record ZooKey(int Number, string Name);
