namespace Pickling.Internal.MessagePack;

/// <summary>
/// The MessagePack extension types Pickle defines (FORMAT.md, "Extension types"): the one place their codes and
/// names live, for the library and for the <c>pickle</c> tool alike.
/// </summary>
internal static class PickleExtensions
{
    /// <summary>A <see cref="System.DateTime"/>: its <see cref="System.DateTime.ToBinary"/> form (<see cref="ScalarExtensions"/>, an integer).</summary>
    public const sbyte DateTime = 70;

    /// <summary>A <see cref="System.DateTimeOffset"/>: its clock time's ticks (8 bytes) and its offset in minutes (2 bytes), little-endian.</summary>
    public const sbyte DateTimeOffset = 71;

    /// <summary>A <see cref="System.TimeSpan"/>: its ticks (an integer).</summary>
    public const sbyte TimeSpan = 72;

    /// <summary>A <see cref="System.DateOnly"/>: its day number (an integer).</summary>
    public const sbyte DateOnly = 73;

    /// <summary>A <see cref="System.TimeOnly"/>: its ticks (an integer).</summary>
    public const sbyte TimeOnly = 74;

    /// <summary>A <see cref="decimal"/>: its four words as .NET lays them out (flags, high, low, middle), 16 bytes.</summary>
    public const sbyte Decimal = 75;

    /// <summary>A <see cref="System.Guid"/>: the 16 bytes of <see cref="System.Guid.ToByteArray()"/>.</summary>
    public const sbyte Guid = 76;

    /// <summary>The object header, first of <c>[ext 80, contents]</c>: <c>[id or nil, type name / type index / nil]</c>.</summary>
    public const sbyte ObjectHeader = 80;

    /// <summary>A back-reference to an object written before: its id.</summary>
    public const sbyte BackReference = 81;

    /// <summary>
    /// The comparer of a dictionary or set that does not use the default one, first of the array that holds the
    /// collection's items: a comparer's name, or nil when the comparer object follows.
    /// </summary>
    public const sbyte Comparer = 82;

    /// <summary>A string that is not valid UTF-16 (it holds a lone surrogate): its UTF-16 code units, little-endian.</summary>
    public const sbyte Utf16String = 83;

    /// <summary>An array segment, first of <c>[ext 84, array]</c>: the segment's offset and count.</summary>
    public const sbyte ArraySegment = 84;

    /// <summary>A collection over a list of its own, first of <c>[ext 85, list]</c>: nil.</summary>
    public const sbyte WrappedList = 85;

    /// <summary>
    /// A list whose elements' field keys are written once, first of the array of its elements: nil. The first element
    /// saved as a map of its fields gives the keys; every later one saved by its fields is the array of its values in
    /// that order (<see cref="KeyedElements{T}"/>). From format version 5 on.
    /// </summary>
    public const sbyte KeysOnce = 86;

    /// <summary>A one-dimensional blit: element code, then the elements (<see cref="BlitElementTypes"/>).</summary>
    public const sbyte Vector = 90;

    /// <summary>A multi-dimensional blit: element code, rank, lengths, lower bounds, then the elements.</summary>
    public const sbyte MultiDimensional = 91;

    /// <summary>What an extension of Pickle's holds, in words for messages; <see langword="null"/> for another extension.</summary>
    public static string? NameOf(sbyte typeCode) => typeCode switch
    {
        DateTime => "DateTime",
        DateTimeOffset => "DateTimeOffset",
        TimeSpan => "TimeSpan",
        DateOnly => "DateOnly",
        TimeOnly => "TimeOnly",
        Decimal => "decimal",
        Guid => "Guid",
        ObjectHeader => "object header",
        BackReference => "back-reference",
        Comparer => "comparer",
        Utf16String => "UTF-16 string",
        ArraySegment => "array segment",
        WrappedList => "wrapped list",
        KeysOnce => "list whose keys are written once",
        Vector => "array of numbers",
        MultiDimensional => "multi-dimensional array of numbers",
        _ => null,
    };
}
