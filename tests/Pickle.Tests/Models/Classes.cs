namespace Pickling.Tests.Models;

/// <summary>A plain class with public setters and members of many kinds.</summary>
public sealed class Order
{
    public int Id { get; set; }

    public string? Customer { get; set; }

    public decimal Total { get; set; }

    public DateTime Placed { get; set; }

    public List<string> Lines { get; set; } = [];

    public Color Color { get; set; }

    public int? Discount { get; set; }
}

/// <summary>State only settable from inside: private setters, filled by a factory method.</summary>
public sealed class Account
{
    public string Owner { get; private set; } = string.Empty;

    public decimal Balance { get; private set; }

    public static Account Open(string owner, decimal balance) => new() { Owner = owner, Balance = balance };
}

/// <summary>Init-only members.</summary>
public sealed class Settings
{
    public required string Name { get; init; }

    public int Retries { get; init; }

    public TimeSpan Timeout { get; init; }
}

/// <summary>Immutable: get-only properties set by the only constructor.</summary>
public sealed class Money
{
    public Money(decimal amount, string currency)
    {
        Amount = amount;
        Currency = currency;
    }

    public decimal Amount { get; }

    public string Currency { get; }
}

public sealed record Person(string Name, DateOnly Born, IReadOnlyList<string> Nicknames);

public readonly record struct Point3(double X, double Y, double Z);

/// <summary>A mutable struct with public fields, which must be saved as members too.</summary>
#pragma warning disable CA1051 // Public fields are what this fixture is about.
public struct MutablePair
{
    public int Left;

    public string? Right;
}
#pragma warning restore CA1051

/// <summary>A generic type nested in itself, for nested generics.</summary>
public sealed class Tree<T>
{
    public T? Value { get; set; }

    public List<Tree<T>> Children { get; set; } = [];

    public Dictionary<string, List<KeyValuePair<int, T>>> Index { get; set; } = [];
}

internal sealed class InternalThing
{
    public int Number { get; set; }

    public string? Text { get; set; }
}

/// <summary>A chain of nodes, for depth limits.</summary>
public sealed class Node
{
    public int Value { get; set; }

    public Node? Next { get; set; }

    public static Node Chain(int length)
    {
        var head = new Node { Value = 0 };
        var current = head;
        for (var i = 1; i < length; i++)
        {
            current.Next = new Node { Value = i };
            current = current.Next;
        }

        return head;
    }
}
