namespace Pickling.Internal.MessagePack;

/// <summary>
/// Equality as <see cref="StringComparer.OrdinalIgnoreCase"/> has it, for the dictionaries and sets a pickle loads
/// with that comparer: its hash is the BCL's seeded one, but as a comparer of its own it is never swapped by
/// <see cref="Dictionary{TKey, TValue}"/> or <see cref="HashSet{T}"/> for the hash without a seed they use for
/// the BCL's instance until keys collide. Dumped again, it is recorded as <c>OrdinalIgnoreCase</c>.
/// </summary>
internal sealed class SeededIgnoreCaseComparer : IEqualityComparer<string?>
{
    public static readonly SeededIgnoreCaseComparer Instance = new();

    private SeededIgnoreCaseComparer()
    {
    }

    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode(string obj) => HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj));
}
