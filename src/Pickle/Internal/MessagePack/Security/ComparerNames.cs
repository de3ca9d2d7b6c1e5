using System.Globalization;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The .NET comparers a pickle records by name (FORMAT.md, "Comparers"): <c>Ordinal</c> and <c>OrdinalIgnoreCase</c>
/// (<see cref="StringComparer"/>'s), <c>Culture</c> with a culture's name and <see cref="CompareOptions"/> (every
/// culture-aware <see cref="StringComparer"/>: <see cref="StringComparer.InvariantCulture"/> is the culture <c>""</c>,
/// <see cref="StringComparer.CurrentCulture"/> the culture current when it was dumped), and <c>Reference</c>
/// (<see cref="ReferenceEqualityComparer"/>). The one place that turns a name back into a comparer: for a hashed
/// collection, one whose hash a file cannot make collide.
/// </summary>
internal static class ComparerNames
{
    public const string Ordinal = "Ordinal";
    public const string OrdinalIgnoreCase = "OrdinalIgnoreCase";
    public const string Culture = "Culture";
    public const string Reference = "Reference";

    /// <summary>The name of a comparer of .NET's that is not the default one, or <see langword="null"/> for any other comparer.</summary>
    public static ComparerName? Of(object comparer)
    {
        if (ReferenceEquals(comparer, ReferenceEqualityComparer.Instance))
        {
            return new ComparerName(Reference);
        }

        if (ReferenceEquals(comparer, SeededIgnoreCaseComparer.Instance))
        {
            return new ComparerName(OrdinalIgnoreCase);
        }

        if (comparer is not StringComparer strings)
        {
            return null;
        }

        if (StringComparer.IsWellKnownOrdinalComparer(strings, out var ignoreCase))
        {
            return new ComparerName(ignoreCase ? OrdinalIgnoreCase : Ordinal);
        }

        return StringComparer.IsWellKnownCultureAwareComparer(strings, out var compareInfo, out var options)
            ? new ComparerName(Culture, compareInfo.Name, options)
            : null;
    }

    /// <summary>
    /// The comparer a name stands for in a collection that hashes its keys: <c>Ordinal</c> is Pickle's own string
    /// comparer (<paramref name="loadDefault"/>), <c>OrdinalIgnoreCase</c> a seeded one; culture-aware comparers hash
    /// with a seed of their own.
    /// </summary>
    public static object ForHashing(ComparerName name, object loadDefault) => name.Name switch
    {
        Ordinal => loadDefault,
        OrdinalIgnoreCase => SeededIgnoreCaseComparer.Instance,
        Reference => ReferenceEqualityComparer.Instance,
        _ => ForOrdering(name),
    };

    /// <summary>The comparer a name stands for in a sorted collection.</summary>
    public static object ForOrdering(ComparerName name) => name.Name switch
    {
        Ordinal => StringComparer.Ordinal,
        OrdinalIgnoreCase => StringComparer.OrdinalIgnoreCase,
        Culture => CultureComparer(name),
        _ => throw NotForKeys(name),
    };

    private static StringComparer CultureComparer(ComparerName name)
    {
        CultureInfo culture;
        try
        {
            culture = CultureInfo.GetCultureInfo(name.CultureName!);
        }
        catch (CultureNotFoundException e)
        {
            throw new PickleException(
                $"The pickle holds a collection that compares strings as the culture '{name.CultureName}' does, which this machine does not have. " +
                "Load it where that culture is installed (not in invariant globalization mode), or dump it with an ordinal or invariant comparer.", e);
        }

        try
        {
            return StringComparer.Create(culture, name.Options);
        }
        catch (ArgumentException e)
        {
            throw new PickleException(
                $"The pickle holds a string comparer with the compare options {(int)name.Options}, which .NET does not accept. The file is damaged or was not written by Pickle.", e);
        }
    }

    private static PickleException NotForKeys(ComparerName name) =>
        new($"The pickle holds a collection with the comparer '{name.Name}', which does not compare keys of that collection's type. " +
            "The file is damaged or was not written from these types.");
}
