using System.Reflection;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The hash of a struct or record whose equality is field by field (.NET's default for structs, the compiler's for
/// records): the seeded hashes of its instance fields, each as a key of the field's type is hashed, combined. Equal
/// values have equal fields, so they hash equal; the fields' own hash codes, which a file can make collide (a
/// record's are combined linearly), are not used.
/// </summary>
internal static class FieldwiseHash<T>
{
    /// <summary>Built on first use, not with the comparer, so that a type with a field of its own type can be hashed.</summary>
    private static FieldHasher<T>[]? s_fields;

    public static int Of(T value)
    {
        var fields = s_fields ??= Build();
        var hash = default(HashCode);
        foreach (var field in fields)
        {
            hash.Add(field.Hash(ref value));
        }

        return hash.ToHashCode();
    }

    /// <summary>Every instance field, those of base classes included; false if one is a pointer, which no comparer takes.</summary>
    public static bool TryGetFields(Type type, out List<FieldInfo> fields)
    {
        fields = [];
        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRef || field.FieldType.IsByRefLike || field.FieldType.IsFunctionPointer)
                {
                    return false;
                }

                fields.Add(field);
            }
        }

        return true;
    }

    private static FieldHasher<T>[] Build()
    {
        TryGetFields(typeof(T), out var fields);
        return fields
            .Select(field => (FieldHasher<T>)Activator.CreateInstance(typeof(FieldHasher<,>).MakeGenericType(typeof(T), field.FieldType), field)!)
            .ToArray();
    }
}
