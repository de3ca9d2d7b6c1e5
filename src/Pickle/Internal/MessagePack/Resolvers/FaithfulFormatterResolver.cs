using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Formatters for types MessagePack-CSharp does not handle, does not handle exactly, or loads without checking that
/// the bits make a valid value: strings (lone surrogates too), array segments (their array), decimals (their flags), dates and times (their ranges) and enums (their width) are
/// checked here as they load (see <see cref="ScalarChecks"/>). Dates, times, decimals and Guids are written as Pickle's scalar
/// extensions (<see cref="ScalarExtensions"/>), which name their type in the payload.
/// </summary>
internal sealed class FaithfulFormatterResolver : IFormatterResolver
{
    public static readonly FaithfulFormatterResolver Instance = new();

    /// <summary>
    /// Each type's formatter, made when the type is first asked for: a first dump of a few types creates (and compiles)
    /// the formatters of those types only.
    /// </summary>
    private static readonly Dictionary<Type, Func<object>> s_formatters = new()
    {
        [typeof(string)] = static () => ExactStringFormatter.Instance,
        [typeof(Int128)] = static () => Int128Formatter.Instance,
        [typeof(Int128?)] = static () => new StaticNullableFormatter<Int128>(Int128Formatter.Instance),
        [typeof(UInt128)] = static () => UInt128Formatter.Instance,
        [typeof(UInt128?)] = static () => new StaticNullableFormatter<UInt128>(UInt128Formatter.Instance),
        [typeof(nint)] = static () => NIntFormatter.Instance,
        [typeof(nint?)] = static () => new StaticNullableFormatter<nint>(NIntFormatter.Instance),
        [typeof(nuint)] = static () => NUIntFormatter.Instance,
        [typeof(nuint?)] = static () => new StaticNullableFormatter<nuint>(NUIntFormatter.Instance),
        [typeof(decimal)] = static () => DecimalBitsFormatter.Instance,
        [typeof(decimal?)] = static () => new StaticNullableFormatter<decimal>(DecimalBitsFormatter.Instance),
        [typeof(DateTime)] = static () => DateTimeBinaryFormatter.Instance,
        [typeof(DateTime?)] = static () => new StaticNullableFormatter<DateTime>(DateTimeBinaryFormatter.Instance),
        [typeof(DateTime[])] = static () => DateTimeBinaryArrayFormatter.Instance,
        [typeof(DateTimeOffset)] = static () => ClockAndOffsetFormatter.Instance,
        [typeof(DateTimeOffset?)] = static () => new StaticNullableFormatter<DateTimeOffset>(ClockAndOffsetFormatter.Instance),
        [typeof(DateOnly)] = static () => DayNumberFormatter.Instance,
        [typeof(DateOnly?)] = static () => new StaticNullableFormatter<DateOnly>(DayNumberFormatter.Instance),
        [typeof(TimeOnly)] = static () => TimeOfDayTicksFormatter.Instance,
        [typeof(TimeOnly?)] = static () => new StaticNullableFormatter<TimeOnly>(TimeOfDayTicksFormatter.Instance),
        [typeof(TimeSpan)] = static () => TimeSpanTicksFormatter.Instance,
        [typeof(TimeSpan?)] = static () => new StaticNullableFormatter<TimeSpan>(TimeSpanTicksFormatter.Instance),
        [typeof(Guid)] = static () => GuidBytesFormatter.Instance,
        [typeof(Guid?)] = static () => new StaticNullableFormatter<Guid>(GuidBytesFormatter.Instance),
    };

    private FaithfulFormatterResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    /// <summary>
    /// This resolver's formatter of <paramref name="type"/> (a new one, but for the types whose formatter is a
    /// singleton), or <see langword="null"/> if it has none.
    /// </summary>
    public static object? FormatterOf(Type type)
    {
        if (s_formatters.TryGetValue(type, out var formatter))
        {
            return formatter();
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ArraySegment<>))
        {
            return Activator.CreateInstance(typeof(ArraySegmentFormatter<>).MakeGenericType(type.GetGenericArguments()))!;
        }

        if (!type.IsEnum)
        {
            return null;
        }

        var enumFormatter = typeof(EnumValueFormatter<>).MakeGenericType(type);
        var handles = (bool)enumFormatter.GetProperty(nameof(EnumValueFormatter<DayOfWeek>.Handles))!.GetValue(null)!;
        return handles ? enumFormatter.GetField(nameof(EnumValueFormatter<DayOfWeek>.Instance))!.GetValue(null)! : null;
    }

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)FormatterOf(typeof(T));
    }
}
