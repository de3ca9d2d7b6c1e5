namespace Pickling.Tests.Models;

/// <summary>Orders in reverse of <see cref="Comparer{T}.Default"/>: a program's own comparer, allowed by [Picklable].</summary>
[Picklable]
public sealed class DescendingComparer<T> : IComparer<T>
{
    public int Compare(T? x, T? y) => Comparer<T>.Default.Compare(y, x);
}

/// <summary>Integers equal when equal modulo <see cref="Modulus"/>: a program's own equality comparer with state.</summary>
[Picklable]
public sealed class ModuloComparer(int modulus) : IEqualityComparer<int>
{
    public int Modulus { get; } = modulus;

    public bool Equals(int x, int y) => ((x % Modulus) + Modulus) % Modulus == ((y % Modulus) + Modulus) % Modulus;

    public int GetHashCode(int obj) => (((obj % Modulus) + Modulus) % Modulus).GetHashCode();
}

/// <summary>A comparer of a type no option allows.</summary>
public sealed class UnallowedComparer : IComparer<int>
{
    public int Compare(int x, int y) => y.CompareTo(x);
}

/// <summary>Collections with comparers, as members.</summary>
public sealed class ComparerHolder
{
    public Dictionary<string, int> Names { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public HashSet<string> Tags { get; set; } = new(StringComparer.InvariantCultureIgnoreCase);

    public SortedSet<int> Ranks { get; set; } = new(new DescendingComparer<int>());

    public SortedDictionary<string, int> Ordered { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<int, string> Plain { get; set; } = [];
}

/// <summary>A node whose hash and equality are its name, kept in its own collections (issue 14).</summary>
[Picklable]
public sealed class Keyed
{
    public Dictionary<Keyed, int> Links { get; set; } = [];

    public HashSet<Keyed> Set { get; set; } = [];

    public SortedSet<Keyed> Sorted { get; set; } = new(new KeyedByName());

    public Keyed? Child { get; set; }

    public System.Collections.Immutable.ImmutableHashSet<Keyed>? Frozen { get; set; }

    public string Name { get; set; } = "";

    public override bool Equals(object? obj) => obj is Keyed other && other.Name == Name;

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Name;
}

/// <summary>Orders <see cref="Keyed"/> nodes by name.</summary>
[Picklable]
public sealed class KeyedByName : IComparer<Keyed>
{
    public int Compare(Keyed? x, Keyed? y) => string.CompareOrdinal(x?.Name, y?.Name);
}

/// <summary>Holds <see cref="Keyed"/> nodes deeper in a graph.</summary>
public sealed class KeyedGraph
{
    public List<Keyed> Nodes { get; set; } = [];

    public System.Collections.Immutable.ImmutableHashSet<Keyed>? Frozen { get; set; }
}

/// <summary>An owner whose callback counts its dictionary's entries, to show when the dictionary is filled.</summary>
public sealed class CountingOwner : IPickleCallbacks
{
    public Dictionary<Keyed, int> Entries { get; set; } = [];

    public Keyed? Shared { get; set; }

    [PickleIgnore]
    public int CountWhenLoaded { get; private set; } = -1;

    public void OnDumping()
    {
    }

    public void OnLoaded() => CountWhenLoaded = Entries.Count;
}
