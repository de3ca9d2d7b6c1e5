using System.Collections;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// MessagePack's protection for untrusted data, extended to every key type. MessagePack has collision-resistant
/// comparers for primitives, strings and a few more, and refuses to load a dictionary or set keyed by any other type.
/// Pickle adds: tuples (<see cref="Tuple{T1, T2}"/>, <see cref="ValueTuple{T1, T2}"/> and their kin), whose hash
/// combines the collision-resistant hashes of their items, so they are as safe as their item types; and any other
/// type, which keeps its own equality with its hash codes mixed with a per-process random seed.
/// </summary>
internal sealed class PickleSecurity : MessagePackSecurity
{
    public static readonly PickleSecurity Untrusted = new(UntrustedData);

    private PickleSecurity(MessagePackSecurity copyFrom)
        : base(copyFrom)
    {
    }

    protected override IEqualityComparer<T> GetHashCollisionResistantEqualityComparer<T>() => Comparers<T>.Get(this);

    protected override MessagePackSecurity Clone() => new PickleSecurity(this);

    private IEqualityComparer<T> BaseComparer<T>() => base.GetHashCollisionResistantEqualityComparer<T>();

    private static bool IsTuple(Type type) =>
        type.IsGenericType && typeof(ITuple).IsAssignableFrom(type) && type.Namespace == "System"
        && (type.Name.StartsWith("Tuple`", StringComparison.Ordinal) || type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal));

    /// <summary>One comparer per key type, whatever the depth limit of the security instance asking.</summary>
    private static class Comparers<T>
    {
        private static IEqualityComparer<T>? s_known;

        public static IEqualityComparer<T> Get(PickleSecurity security)
        {
            if (s_known is { } comparer)
            {
                return comparer;
            }

            if (IsTuple(typeof(T)))
            {
                comparer = new TupleEqualityComparer<T>(security.GetHashCollisionResistantEqualityComparer());
            }
            else
            {
                try
                {
                    comparer = security.BaseComparer<T>();
                }
                catch (TypeAccessException)
                {
                    comparer = SeededEqualityComparer<T>.Instance;
                }
            }

            s_known = comparer;
            return comparer;
        }
    }

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
