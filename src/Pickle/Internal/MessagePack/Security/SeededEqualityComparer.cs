using System.Collections;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A type's own equality, with its hash codes mixed with a per-process random seed. Also non-generic, as MessagePack
/// asks for when the type is an item of a tuple key.
/// </summary>
internal sealed class SeededEqualityComparer<T> : IEqualityComparer<T>, IEqualityComparer
{
    public static readonly SeededEqualityComparer<T> Instance = new();

    private SeededEqualityComparer()
    {
    }

    public bool Equals(T? x, T? y) => EqualityComparer<T>.Default.Equals(x, y);

    public int GetHashCode(T obj) => obj is null ? 0 : HashCode.Combine(EqualityComparer<T>.Default.GetHashCode(obj));

    bool IEqualityComparer.Equals(object? x, object? y) => x is T a && y is T b ? Equals(a, b) : Equals(x, y);

    int IEqualityComparer.GetHashCode(object obj) => obj is T value ? GetHashCode(value) : 0;
}
