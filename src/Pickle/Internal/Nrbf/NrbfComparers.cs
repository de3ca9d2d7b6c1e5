using System.Formats.Nrbf;

namespace Pickling.Internal.Nrbf;

/// <summary>
/// The comparers BinaryFormatter saves inside collections, recreated without creating the type the record names:
/// the default comparers (.NET's internal classes behind <c>EqualityComparer&lt;T&gt;.Default</c> and
/// <c>Comparer&lt;T&gt;.Default</c>) and the ordinal string comparers. Any other comparer is read as any other object.
/// </summary>
internal static class NrbfComparers
{
    private static readonly HashSet<string> DefaultEqualityComparers = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.GenericEqualityComparer`1",
        "System.Collections.Generic.ObjectEqualityComparer`1",
        "System.Collections.Generic.EnumEqualityComparer`1",
        "System.Collections.Generic.NullableEqualityComparer`1",
        "System.Collections.Generic.ByteEqualityComparer",
        "System.Collections.Generic.SByteEnumEqualityComparer`1",
        "System.Collections.Generic.ShortEnumEqualityComparer`1",
        "System.Collections.Generic.LongEnumEqualityComparer`1",
        "System.Collections.Generic.NonRandomizedStringEqualityComparer",
    };

    private static readonly HashSet<string> DefaultComparers = new(StringComparer.Ordinal)
    {
        "System.Collections.Generic.GenericComparer`1",
        "System.Collections.Generic.ObjectComparer`1",
        "System.Collections.Generic.EnumComparer`1",
        "System.Collections.Generic.NullableComparer`1",
    };

    /// <summary>The comparer <paramref name="record"/> stands for where a <paramref name="declared"/> is expected, or <see langword="null"/> if it is not one of these.</summary>
    public static object? TryCreate(ClassRecord record, Type declared)
    {
        var name = record.TypeName.IsConstructedGenericType ? record.TypeName.GetGenericTypeDefinition().FullName : record.TypeName.FullName;
        var ordinal = name switch
        {
            "System.OrdinalComparer" => record.HasMember("_ignoreCase") && record.GetBoolean("_ignoreCase") ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal,
            "System.OrdinalIgnoreCaseComparer" => StringComparer.OrdinalIgnoreCase,
            _ => null,
        };
        if (ordinal is not null && declared.IsInstanceOfType(ordinal))
        {
            return ordinal;
        }

        if (!declared.IsConstructedGenericType)
        {
            return null;
        }

        var definition = declared.GetGenericTypeDefinition();
        var argument = declared.GetGenericArguments()[0];
        if (definition == typeof(IEqualityComparer<>) && DefaultEqualityComparers.Contains(name))
        {
            return typeof(EqualityComparer<>).MakeGenericType(argument).GetProperty(nameof(EqualityComparer<int>.Default))!.GetValue(null);
        }

        if (definition == typeof(IComparer<>) && DefaultComparers.Contains(name))
        {
            return typeof(Comparer<>).MakeGenericType(argument).GetProperty(nameof(Comparer<int>.Default))!.GetValue(null);
        }

        return null;
    }
}
