namespace Pickling.Tests.Models;

/// <summary>A record struct: its generated hash is <c>A * -1521134295 + B</c>, so keys with B = A * 1521134295 all hash to 0.</summary>
public readonly record struct PairKey(int A, int B);

/// <summary>A record class with a string, as dictionary keys often are.</summary>
public sealed record NamedKey(string Name, long Number);

/// <summary>A struct that keeps .NET's default equality: field by field.</summary>
public struct PlainKey
{
    public long High { get; set; }

    public long Low { get; set; }

    public double Weight { get; set; }
}

/// <summary>An enum of 64 bits, whose values' own hash codes fold the two halves together.</summary>
public enum WideCode : long
{
    None = 0,
}

/// <summary>A key with its own equality (names compared ignoring case), which Pickle cannot see into.</summary>
public sealed class CaseInsensitiveKey(string name) : IEquatable<CaseInsensitiveKey>
{
    public string Name { get; } = name;

    public bool Equals(CaseInsensitiveKey? other) => other is not null && string.Equals(Name, other.Name, StringComparison.OrdinalIgnoreCase);

    public override bool Equals(object? obj) => Equals(obj as CaseInsensitiveKey);

    public override int GetHashCode() => StringComparer.OrdinalIgnoreCase.GetHashCode(Name);
}

/// <summary>A record that holds a record of its own type: hashing it must not need its own comparer before it exists.</summary>
public sealed record LinkKey(int Value, LinkKey? Next);

/// <summary>A base class with reference equality, and a derived one with value equality: each key is hashed as its own type decides.</summary>
public class ShapeKey
{
    public int Sides { get; set; }
}

/// <summary>A derived key type with an equality of its own.</summary>
public sealed class SquareKey : ShapeKey
{
    public override bool Equals(object? obj) => obj is SquareKey other && other.Sides == Sides;

    public override int GetHashCode() => Sides;
}
