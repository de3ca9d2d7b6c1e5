using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Decides the comparer of each key type of a loaded dictionary or set: always the type's own equality, with a hash a
/// file cannot make collide. In order:
/// tuples combine their items' hashes (<see cref="TupleEqualityComparer{T}"/>);
/// MessagePack's comparer where it has one (integers, floats, strings, Guid, DateTime, DateTimeOffset, object);
/// a nullable hashes its value as the value type does;
/// .NET values whose own hash codes collide hash a canonical form (<see cref="CanonicalHashes"/>);
/// structs and records with field-by-field equality hash their fields (<see cref="FieldwiseHash{T}"/>);
/// classes with reference equality hash the reference;
/// a class that is not sealed hashes each key by its run-time type, as that type decides.
/// </summary>
/// <remarks>
/// A type with an Equals of its own (not the compiler's, not .NET's default) keeps its own hash code, mixed with a
/// per-process seed (<see cref="SeededEqualityComparer{T}"/>): Pickle cannot tell which parts of the value that Equals
/// compares, so it cannot hash them itself, and it does not refuse such keys, which would refuse most programs' own
/// key types. Such a type is as safe as its GetHashCode: one built on string hashes or <see cref="HashCode"/>, as
/// <see cref="Uri"/>'s and most hand-written ones are, is randomized per process already.
/// </remarks>
internal static class KeyComparers
{
    private static readonly ConcurrentDictionary<Type, IEqualityComparer> ByRunTimeType = new();

    private static readonly MethodInfo ForMethod = typeof(KeyComparers).GetMethod(nameof(For), Type.EmptyTypes)!;

    private static readonly MethodInfo NullableMethod = typeof(KeyComparers).GetMethod(nameof(Nullable), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static IEqualityComparer<T> For<T>() => Cache<T>.Comparer;

    /// <summary>The comparer of keys of a type known only at run time.</summary>
    public static IEqualityComparer For(Type type) =>
        ByRunTimeType.GetOrAdd(type, static t => (IEqualityComparer)ForMethod.MakeGenericMethod(t).Invoke(null, null)!);

    private static IEqualityComparer<T> Create<T>()
    {
        var type = typeof(T);
        var security = PickleSecurity.Untrusted;
        if (IsTuple(type))
        {
            return new TupleEqualityComparer<T>(security.ObjectComparer);
        }

        if (security.MessagePackComparer<T>() is { } known)
        {
            return known;
        }

        if (System.Nullable.GetUnderlyingType(type) is { } value)
        {
            return (IEqualityComparer<T>)NullableMethod.MakeGenericMethod(value).Invoke(null, null)!;
        }

        var exact = CanonicalHashes.For<T>() ?? ByEquality<T>();
        if (type.IsValueType || type.IsSealed)
        {
            return exact is null ? SeededEqualityComparer<T>.Instance : new HashedEqualityComparer<T>(exact);
        }

        // A key may be of a derived class with an equality of its own: each is hashed as its run-time type decides.
        var own = exact ?? (static key => SeededEqualityComparer<T>.Instance.GetHashCode(key));
        return new HashedEqualityComparer<T>(key => key!.GetType() == typeof(T) ? own(key) : For(key.GetType()).GetHashCode(key));
    }

    /// <summary>The hash for a type whose equality Pickle can see: field by field, or by reference; null for any other.</summary>
    private static Func<T, int>? ByEquality<T>()
    {
        var type = typeof(T);
        if (type.IsInterface || type.IsAbstract)
        {
            return null;
        }

        if (IsFieldByField(type) && FieldwiseHash<T>.TryGetFields(type, out _))
        {
            return FieldwiseHash<T>.Of;
        }

        if (!type.IsValueType && !typeof(IEquatable<T>).IsAssignableFrom(type) && DeclarerOfEquals(type) == typeof(object))
        {
            return static key => RuntimeHelpers.GetHashCode(key);
        }

        return null;
    }

    /// <summary>
    /// True for a struct that keeps .NET's default equality (<see cref="ValueType.Equals(object)"/> compares the
    /// fields), and for a record whose equality, at each level, is the one the compiler writes (it compares the fields).
    /// </summary>
    private static bool IsFieldByField(Type type)
    {
        var equatable = typeof(IEquatable<>).MakeGenericType(type);
        if (!equatable.IsAssignableFrom(type))
        {
            return type.IsValueType && DeclarerOfEquals(type) == typeof(ValueType);
        }

        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            var equals = level.GetMethod(nameof(Equals), BindingFlags.Instance | BindingFlags.Public | BindingFlags.DeclaredOnly, [level]);
            if (equals is null || !equals.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The class that declares the Equals(object) a <paramref name="type"/> uses: object or ValueType if it keeps the default.</summary>
    private static Type DeclarerOfEquals(Type type) => type.GetMethod(nameof(Equals), [typeof(object)])!.DeclaringType!;

    private static HashedEqualityComparer<TValue?> Nullable<TValue>()
        where TValue : struct
    {
        var values = For<TValue>();
        return new HashedEqualityComparer<TValue?>(key => key is { } value ? values.GetHashCode(value) : 0);
    }

    private static bool IsTuple(Type type) =>
        type.IsGenericType && typeof(ITuple).IsAssignableFrom(type) && type.Namespace == "System"
        && (type.Name.StartsWith("Tuple`", StringComparison.Ordinal) || type.Name.StartsWith("ValueTuple`", StringComparison.Ordinal));

    private static class Cache<T>
    {
        public static readonly IEqualityComparer<T> Comparer = Create<T>();
    }
}
