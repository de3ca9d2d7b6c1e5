using System.Collections;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A type's own equality with the hash <see cref="KeyComparers"/> chose for it. Also non-generic, as MessagePack
/// asks for when the type is the run-time type of an <see cref="object"/> key or an item of a tuple key.
/// </summary>
internal sealed class HashedEqualityComparer<T>(Func<T, int> hash) : IEqualityComparer<T>, IEqualityComparer
{
    public bool Equals(T? x, T? y) => EqualityComparer<T>.Default.Equals(x, y);

    public int GetHashCode(T obj) => obj is null ? 0 : hash(obj);

    bool IEqualityComparer.Equals(object? x, object? y) => x is T a && y is T b ? Equals(a, b) : Equals(x, y);

    int IEqualityComparer.GetHashCode(object obj) => obj is T value ? GetHashCode(value) : 0;
}
