using System.Globalization;

namespace Pickling.Cli;

/// <summary>
/// A number of bytes as a command line gives it: digits, then optionally a unit, <c>B</c>, <c>KB</c>, <c>MB</c>,
/// <c>GB</c>, <c>TB</c> (powers of 1000) or <c>KiB</c>, <c>MiB</c>, <c>GiB</c>, <c>TiB</c> (powers of 1024), in any
/// case: <c>67108864</c>, <c>64MiB</c>, <c>4GB</c>.
/// </summary>
internal static class ByteSize
{
    /// <summary>The units, each with its bytes; checked longest first, so that "MiB" is not read as "B".</summary>
    private static readonly (string Unit, long Bytes)[] Units =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("KB", 1_000L), ("MB", 1_000_000L), ("GB", 1_000_000_000L), ("TB", 1_000_000_000_000L),
        ("B", 1L),
    ];

    /// <summary>What a size may look like, for messages.</summary>
    public const string Examples = "a number of bytes such as 67108864, 64MiB or 4GB (KB, MB, GB, TB are powers of 1000; KiB, MiB, GiB, TiB of 1024)";

    /// <summary>Reads <paramref name="text"/> as a positive number of bytes; false if it is not one, or more than a <see cref="long"/> holds.</summary>
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var number = text.Trim();
        var multiplier = 1L;
        foreach (var (unit, unitBytes) in Units)
        {
            if (number.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                number = number[..^unit.Length].TrimEnd();
                multiplier = unitBytes;
                break;
            }
        }

        if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count == 0 || count > long.MaxValue / multiplier)
        {
            return false;
        }

        bytes = count * multiplier;
        return true;
    }
}
