using System.Collections;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// MessagePack's protection for untrusted data, extended so that tuples (<see cref="Tuple{T1, T2}"/>,
/// <see cref="ValueTuple{T1, T2}"/> and their kin) may be keys of dictionaries and sets: their hash combines the
/// collision-resistant hashes of their items, so they stay as safe as the item types themselves.
/// </summary>
internal sealed class PickleSecurity : MessagePackSecurity
{
    public static readonly PickleSecurity Instance = new(UntrustedData);

    private PickleSecurity(MessagePackSecurity copyFrom)
        : base(copyFrom)
    {
    }

    protected override IEqualityComparer<T> GetHashCollisionResistantEqualityComparer<T>() =>
        IsTuple(typeof(T))
            ? new TupleEqualityComparer<T>(GetHashCollisionResistantEqualityComparer())
            : base.GetHashCollisionResistantEqualityComparer<T>();

    protected override MessagePackSecurity Clone() => new PickleSecurity(this);

    private static bool IsTuple(Type type) =>
        type.IsGenericType && typeof(ITuple).IsAssignableFrom(type) && type.Namespace == "System"
        && (type.Name.StartsWith("Tuple`", StringComparison.Ordinal) || type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal));

    /// <summary>Also non-generic, as MessagePack asks for when a tuple is an item of another key.</summary>
    private sealed class TupleEqualityComparer<T>(IEqualityComparer items) : IEqualityComparer<T>, IEqualityComparer
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
}
