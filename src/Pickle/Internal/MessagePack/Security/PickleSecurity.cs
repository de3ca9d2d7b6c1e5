using System.Collections;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// MessagePack's protection for untrusted data, extended to every key type. MessagePack has collision-resistant
/// comparers for primitives, strings and a few more, and refuses to load a dictionary or set keyed by any other type;
/// Pickle gives every other key type one too, as <see cref="KeyComparers"/> decides.
/// </summary>
internal sealed class PickleSecurity : MessagePackSecurity
{
    public static readonly PickleSecurity Untrusted = new(UntrustedData);

    private PickleSecurity(MessagePackSecurity copyFrom)
        : base(copyFrom)
    {
    }

    /// <summary>MessagePack's comparer of <see cref="object"/> keys, which picks each key's comparer by its run-time type.</summary>
    public IEqualityComparer ObjectComparer => GetHashCollisionResistantEqualityComparer();

    /// <summary>MessagePack's own collision-resistant comparer of <typeparamref name="T"/>, if it has one.</summary>
    public IEqualityComparer<T>? MessagePackComparer<T>()
    {
        try
        {
            return base.GetHashCollisionResistantEqualityComparer<T>();
        }
        catch (TypeAccessException)
        {
            return null;
        }
    }

    protected override IEqualityComparer<T> GetHashCollisionResistantEqualityComparer<T>() => KeyComparers.For<T>();

    protected override MessagePackSecurity Clone() => new PickleSecurity(this);
}
