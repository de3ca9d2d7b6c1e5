using System.Reflection;

namespace Pickling.Internal.MessagePack;

/// <summary>Hashes one field of a <typeparamref name="TOwner"/>, for <see cref="FieldwiseHash{T}"/>.</summary>
internal abstract class FieldHasher<TOwner>
{
    public abstract int Hash(ref TOwner owner);
}

/// <summary>Hashes a field of type <typeparamref name="TField"/> with the comparer a key of that type gets.</summary>
internal sealed class FieldHasher<TOwner, TField>(FieldInfo field) : FieldHasher<TOwner>
{
    private readonly FieldGetter<TOwner, TField> _get = FieldAccessors.Getter<TOwner, TField>(field);
    private readonly IEqualityComparer<TField> _comparer = KeyComparers.For<TField>();

    public override int Hash(ref TOwner owner) => _get(ref owner) is { } value ? _comparer.GetHashCode(value) : 0;
}
