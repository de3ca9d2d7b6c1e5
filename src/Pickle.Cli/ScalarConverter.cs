using System.Globalization;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

/// <summary>
/// Writes Pickle's scalar extensions (ext 70 to 76, <see cref="ScalarExtensions"/>) readably, each read and checked by
/// the library's own formatter: a DateTime as an ISO 8601 timestamp with its kind (<c>Z</c> for Utc, the local offset
/// for Local, none for Unspecified), a DateTimeOffset with its offset, a TimeSpan as <c>[-][d.]hh:mm:ss[.fffffff]</c>,
/// a DateOnly as <c>yyyy-MM-dd</c>, a TimeOnly as <c>HH:mm:ss.fffffff</c>, a decimal as its number, scale kept
/// (<c>1.00</c>), and a Guid as its usual text.
/// </summary>
internal static class ScalarConverter
{
    /// <summary>Writes the scalar extension of <paramref name="typeCode"/> the reader is at; false, with nothing read, for another extension.</summary>
    public static bool TryWrite(ref MessagePackReader reader, sbyte typeCode, IValueSink sink)
    {
        switch (typeCode)
        {
            case PickleExtensions.DateTime:
                sink.WriteDateTime(DateTimeBinaryFormatter.Read(ref reader));
                return true;
            case PickleExtensions.DateTimeOffset:
                sink.WriteScalarText(ClockAndOffsetFormatter.Read(ref reader).ToString("O", CultureInfo.InvariantCulture));
                return true;
            case PickleExtensions.TimeSpan:
                sink.WriteScalarText(TextOf(TimeSpanTicksFormatter.Read(ref reader)));
                return true;
            case PickleExtensions.DateOnly:
                sink.WriteScalarText(DayNumberFormatter.Read(ref reader).ToString("O", CultureInfo.InvariantCulture));
                return true;
            case PickleExtensions.TimeOnly:
                sink.WriteScalarText(TimeOfDayTicksFormatter.Read(ref reader).ToString("O", CultureInfo.InvariantCulture));
                return true;
            case PickleExtensions.Decimal:
                sink.WriteDecimal(DecimalBitsFormatter.Read(ref reader));
                return true;
            case PickleExtensions.Guid:
                sink.WriteScalarText(GuidBytesFormatter.Read(ref reader).ToString("D"));
                return true;
            default:
                return false;
        }
    }

    /// <summary>A TimeSpan as the tool shows it: <c>[-][d.]hh:mm:ss[.fffffff]</c>.</summary>
    public static string TextOf(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);
}
