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

    private static readonly Dictionary<Type, object> s_formatters = new()
    {
        [typeof(string)] = ExactStringFormatter.Instance,
        [typeof(Int128)] = Int128Formatter.Instance,
        [typeof(Int128?)] = new StaticNullableFormatter<Int128>(Int128Formatter.Instance),
        [typeof(UInt128)] = UInt128Formatter.Instance,
        [typeof(UInt128?)] = new StaticNullableFormatter<UInt128>(UInt128Formatter.Instance),
        [typeof(nint)] = NIntFormatter.Instance,
        [typeof(nint?)] = new StaticNullableFormatter<nint>(NIntFormatter.Instance),
        [typeof(nuint)] = NUIntFormatter.Instance,
        [typeof(nuint?)] = new StaticNullableFormatter<nuint>(NUIntFormatter.Instance),
        [typeof(decimal)] = DecimalBitsFormatter.Instance,
        [typeof(decimal?)] = new StaticNullableFormatter<decimal>(DecimalBitsFormatter.Instance),
        [typeof(DateTime)] = DateTimeBinaryFormatter.Instance,
        [typeof(DateTime?)] = new StaticNullableFormatter<DateTime>(DateTimeBinaryFormatter.Instance),
        [typeof(DateTime[])] = DateTimeBinaryArrayFormatter.Instance,
        [typeof(DateTimeOffset)] = ClockAndOffsetFormatter.Instance,
        [typeof(DateTimeOffset?)] = new StaticNullableFormatter<DateTimeOffset>(ClockAndOffsetFormatter.Instance),
        [typeof(DateOnly)] = DayNumberFormatter.Instance,
        [typeof(DateOnly?)] = new StaticNullableFormatter<DateOnly>(DayNumberFormatter.Instance),
        [typeof(TimeOnly)] = TimeOfDayTicksFormatter.Instance,
        [typeof(TimeOnly?)] = new StaticNullableFormatter<TimeOnly>(TimeOfDayTicksFormatter.Instance),
        [typeof(TimeSpan)] = TimeSpanTicksFormatter.Instance,
        [typeof(TimeSpan?)] = new StaticNullableFormatter<TimeSpan>(TimeSpanTicksFormatter.Instance),
        [typeof(Guid)] = GuidBytesFormatter.Instance,
        [typeof(Guid?)] = new StaticNullableFormatter<Guid>(GuidBytesFormatter.Instance),
    };

    private FaithfulFormatterResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = Find();

        private static IMessagePackFormatter<T>? Find()
        {
            if (s_formatters.TryGetValue(typeof(T), out var formatter))
            {
                return (IMessagePackFormatter<T>)formatter;
            }

            if (typeof(T).IsGenericType && typeof(T).GetGenericTypeDefinition() == typeof(ArraySegment<>))
            {
                return (IMessagePackFormatter<T>)Activator.CreateInstance(typeof(ArraySegmentFormatter<>).MakeGenericType(typeof(T).GetGenericArguments()))!;
            }

            if (!typeof(T).IsEnum)
            {
                return null;
            }

            var type = typeof(EnumValueFormatter<>).MakeGenericType(typeof(T));
            var handles = (bool)type.GetProperty(nameof(EnumValueFormatter<DayOfWeek>.Handles))!.GetValue(null)!;
            return handles ? (IMessagePackFormatter<T>)type.GetField(nameof(EnumValueFormatter<DayOfWeek>.Instance))!.GetValue(null)! : null;
        }
    }
}
