using System.Numerics;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Seeded hashes of the .NET values MessagePack has no collision-resistant comparer for and whose own hash codes fold
/// many bits into few (a decimal's words XORed together, a TimeSpan's halves, a Version's shifted parts): each
/// hashes a canonical form of the value, so that values equal as their type's Equals sees them hash equal
/// (<c>1.0m</c> and <c>1.00m</c>, <c>0.0</c> and <c>-0.0</c>, every NaN).
/// </summary>
internal static class CanonicalHashes
{
    private static readonly Dictionary<Type, Delegate> Hashes = new()
    {
        [typeof(decimal)] = (Func<decimal, int>)OfDecimal,
        [typeof(TimeSpan)] = (Func<TimeSpan, int>)(static value => SeededHash.Of(value.Ticks)),
        [typeof(TimeOnly)] = (Func<TimeOnly, int>)(static value => SeededHash.Of(value.Ticks)),
        [typeof(DateOnly)] = (Func<DateOnly, int>)(static value => SeededHash.Of(value.DayNumber)),
        [typeof(Int128)] = (Func<Int128, int>)(static value => SeededHash.Of((long)(value >> 64), unchecked((long)value))),
        [typeof(UInt128)] = (Func<UInt128, int>)(static value => SeededHash.Of(unchecked((long)(ulong)(value >> 64)), unchecked((long)(ulong)value))),
        [typeof(nint)] = (Func<nint, int>)(static value => SeededHash.Of(value)),
        [typeof(nuint)] = (Func<nuint, int>)(static value => SeededHash.Of(unchecked((long)(ulong)value))),
        [typeof(Half)] = (Func<Half, int>)OfHalf,
        [typeof(Complex)] = (Func<Complex, int>)(static value => SeededHash.Of(Canonical(value.Real), Canonical(value.Imaginary))),
        [typeof(BigInteger)] = (Func<BigInteger, int>)OfBigInteger,
        [typeof(Version)] = (Func<Version, int>)(static value =>
            SeededHash.Of(((long)value.Major << 32) | (uint)value.Minor, ((long)value.Build << 32) | (uint)value.Revision)),
    };

    /// <summary>The canonical hash of a <typeparamref name="T"/>, or <see langword="null"/> if this class has none.</summary>
    public static Func<T, int>? For<T>() => Hashes.TryGetValue(typeof(T), out var hash) ? (Func<T, int>)hash : null;

    /// <summary>
    /// A decimal's value, whatever its scale: the 96-bit integer with trailing zeros removed while there is a scale to
    /// lower, the scale left, and the sign; every zero hashes alike.
    /// </summary>
    private static int OfDecimal(decimal value)
    {
        if (value == 0m)
        {
            return SeededHash.Of(0L, 0L);
        }

        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var integer = ((UInt128)(uint)bits[2] << 64) | ((UInt128)(uint)bits[1] << 32) | (uint)bits[0];
        var scale = (bits[3] >> 16) & 0xFF;
        while (scale > 0 && integer % 10 == 0)
        {
            integer /= 10;
            scale--;
        }

        var high = (ulong)(integer >> 64) | ((ulong)scale << 32) | ((ulong)(uint)bits[3] & 0x8000_0000) << 32;
        return SeededHash.Of(unchecked((long)(ulong)integer), unchecked((long)high));
    }

    private static int OfHalf(Half value) =>
        SeededHash.Of(Half.IsNaN(value) ? -1 : value == Half.Zero ? 0 : BitConverter.HalfToInt16Bits(value));

    private static int OfBigInteger(BigInteger value)
    {
        var count = value.GetByteCount();
        if (count > 256)
        {
            return SeededHash.Of(value.ToByteArray());
        }

        Span<byte> bytes = stackalloc byte[count];
        value.TryWriteBytes(bytes, out _);
        return SeededHash.Of(bytes);
    }

    /// <summary>A double's bits, with every zero as +0 and every NaN as one NaN, as <see cref="double.Equals(double)"/> sees them.</summary>
    private static long Canonical(double value) =>
        value == 0 ? 0 : double.IsNaN(value) ? BitConverter.DoubleToInt64Bits(double.NaN) : BitConverter.DoubleToInt64Bits(value);
}
