using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// MessagePack's protection for untrusted data, extended to every key type: MessagePack has collision-resistant
/// comparers for primitives, strings and a few more, and refuses to load a dictionary or set keyed by any other
/// type. For those keys Pickle keeps the type's own equality and mixes its hash code with a per-process random
/// seed, so that distinct hash codes cannot be steered into one bucket.
/// </summary>
internal sealed class PickleSecurity : MessagePackSecurity
{
    public static readonly PickleSecurity Untrusted = new(MessagePackSecurity.UntrustedData);

    private PickleSecurity(MessagePackSecurity copyFrom)
        : base(copyFrom)
    {
    }

    protected override IEqualityComparer<T> GetHashCollisionResistantEqualityComparer<T>() =>
        Comparers<T>.Get(this);

    protected override MessagePackSecurity Clone() => new PickleSecurity(this);

    private IEqualityComparer<T> BaseComparer<T>() => base.GetHashCollisionResistantEqualityComparer<T>();

    private static class Comparers<T>
    {
        private static IEqualityComparer<T>? known;

        public static IEqualityComparer<T> Get(PickleSecurity security)
        {
            if (known is { } comparer)
            {
                return comparer;
            }

            try
            {
                comparer = security.BaseComparer<T>();
            }
            catch (TypeAccessException)
            {
                comparer = SeededEqualityComparer<T>.Instance;
            }

            known = comparer;
            return comparer;
        }
    }
}

/// <summary>A type's own equality, with its hash codes mixed with a per-process random seed.</summary>
internal sealed class SeededEqualityComparer<T> : IEqualityComparer<T>
{
    public static readonly SeededEqualityComparer<T> Instance = new();

    private SeededEqualityComparer()
    {
    }

    public bool Equals(T? x, T? y) => EqualityComparer<T>.Default.Equals(x, y);

    public int GetHashCode(T obj) => obj is null ? 0 : HashCode.Combine(EqualityComparer<T>.Default.GetHashCode(obj));
}
