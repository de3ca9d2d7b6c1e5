namespace Pickling.Internal.MessagePack;

/// <summary>
/// The rules a scalar's bits must follow to be a value .NET can make, checked as each is loaded, and the one message
/// for a value that breaks them. A file Pickle wrote never holds such a value; one that does is damaged or forged,
/// and copying its bits in as they are (as MessagePack's native decimal formatter does) would make a value that
/// later misbehaves.
/// </summary>
internal static class ScalarChecks
{
    /// <summary>The bits of a decimal's flags word that may be set: the scale (bits 16–23) and the sign (bit 31).</summary>
    private const uint DecimalFlagsMask = 0x80FF_0000;

    private const int MaxDecimalScale = 28;

    /// <summary>The largest offset, in minutes, a <see cref="DateTimeOffset"/> may have: 14 hours either way.</summary>
    private const int MaxOffsetMinutes = 14 * 60;

    /// <summary>A decimal from its four words, as .NET lays them out.</summary>
    public static decimal ToDecimal(uint flags, uint high, uint low, uint middle)
    {
        var scale = (int)((flags >> 16) & 0xFF);
        if ((flags & ~DecimalFlagsMask) != 0)
        {
            throw Invalid(typeof(decimal), $"its flags word 0x{flags:X8} sets reserved bits (only the scale, bits 16 to 23, and the sign, bit 31, may be set)");
        }

        if (scale > MaxDecimalScale)
        {
            throw Invalid(typeof(decimal), $"its flags word 0x{flags:X8} gives scale {scale}, but a decimal's scale is at most {MaxDecimalScale}");
        }

        return new decimal((int)low, (int)middle, (int)high, (flags & 0x8000_0000) != 0, (byte)scale);
    }

    /// <summary>A <see cref="DateTime"/> from its <see cref="DateTime.ToBinary"/> form.</summary>
    public static DateTime ToDateTime(long binary)
    {
        try
        {
            return DateTime.FromBinary(binary);
        }
        catch (ArgumentException)
        {
            throw Invalid(typeof(DateTime), $"its binary form 0x{binary:X16} gives ticks outside DateTime.MinValue to DateTime.MaxValue");
        }
    }

    public static DateOnly ToDateOnly(long dayNumber) =>
        dayNumber >= 0 && dayNumber <= DateOnly.MaxValue.DayNumber
            ? DateOnly.FromDayNumber((int)dayNumber)
            : throw Invalid(typeof(DateOnly), $"its day number {dayNumber} is outside 0 to {DateOnly.MaxValue.DayNumber}");

    public static TimeOnly ToTimeOnly(long ticks) =>
        ticks is >= 0 and < TimeSpan.TicksPerDay
            ? new TimeOnly(ticks)
            : throw Invalid(typeof(TimeOnly), $"its {ticks} ticks are outside 0 to {TimeOnly.MaxValue.Ticks}");

    /// <summary>A <see cref="DateTimeOffset"/> from its clock time and its offset in minutes.</summary>
    public static DateTimeOffset ToDateTimeOffset(long clockTicks, long offsetMinutes)
    {
        if (offsetMinutes is < -MaxOffsetMinutes or > MaxOffsetMinutes)
        {
            throw Invalid(typeof(DateTimeOffset), $"its offset of {offsetMinutes} minutes is beyond 14 hours");
        }

        var utcTicks = clockTicks - (offsetMinutes * TimeSpan.TicksPerMinute);
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            throw Invalid(typeof(DateTimeOffset), $"its clock time of {clockTicks} ticks with an offset of {offsetMinutes} minutes is an instant outside DateTimeOffset.MinValue to DateTimeOffset.MaxValue");
        }

        return new DateTimeOffset(clockTicks, TimeSpan.FromMinutes(offsetMinutes));
    }

    /// <summary>A timestamp .NET cannot hold (MessagePack's reader reports it as an argument out of range).</summary>
    public static PickleException Timestamp(Type type) =>
        Invalid(type, "its timestamp is outside the years 1 to 9999");

    /// <summary>An enum value that does not fit the enum's underlying integer type.</summary>
    public static PickleException EnumOutOfRange(Type type) =>
        Invalid(type, $"its value does not fit its underlying type, {Enum.GetUnderlyingType(type).Name}");

    /// <summary>The error for a value whose bits break its type's rules: what the value is, and that the file is to blame.</summary>
    public static PickleException Invalid(Type type, string detail) =>
        new($"The pickle holds a {TypeNames.Of(type)} that .NET cannot represent: {detail}. " +
            "The file is damaged or was not written by Pickle; load a good copy, or dump the value again.");
}
