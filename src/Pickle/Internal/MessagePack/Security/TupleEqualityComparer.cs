using System.Collections;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A tuple's own equality, with a hash that combines the collision-resistant hashes of its items (through
/// MessagePack's comparer of <see cref="object"/>, which picks each item's by its run-time type). Also non-generic,
/// as MessagePack asks for when a tuple is an item of another key.
/// </summary>
internal sealed class TupleEqualityComparer<T>(IEqualityComparer items) : IEqualityComparer<T>, IEqualityComparer
{
    public bool Equals(T? x, T? y) => EqualityComparer<T>.Default.Equals(x, y);

    bool IEqualityComparer.Equals(object? x, object? y) => Equals(x, y);

    int IEqualityComparer.GetHashCode(object obj) => obj is T value ? GetHashCode(value) : 0;

    public int GetHashCode(T obj)
    {
        if (obj is not ITuple tuple)
        {
            return 0;
        }

        var hash = default(HashCode);
        for (var i = 0; i < tuple.Length; i++)
        {
            hash.Add(tuple[i] is { } item ? items.GetHashCode(item) : 0);
        }

        return hash.ToHashCode();
    }
}
