using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// What the first byte of a MessagePack value tells about its size: one entry of <see cref="ValueLengths"/>' table.
/// </summary>
/// <remarks>
/// A value is a header (the code, then a big-endian length or count of <see cref="FieldWidth"/> bytes, then an
/// extension's type byte) of <see cref="HeaderLength"/> bytes. For a value that is not an array or a map the body
/// follows: <see cref="Inline"/> bytes when the code tells (<see cref="FieldWidth"/> 0), otherwise as many as the
/// field says. For an array or a map the values follow, <see cref="Inline"/> or the field's number times
/// <see cref="Scale"/> (2 for a map, whose keys and values both count).
/// </remarks>
internal readonly struct LeadByte
{
    private LeadByte(MessagePackType type, int headerLength, int fieldWidth, int inline, int scale)
    {
        Type = type;
        HeaderLength = (byte)headerLength;
        FieldWidth = (byte)fieldWidth;
        Inline = (byte)inline;
        Scale = (byte)scale;
        FixedLength = (byte)(fieldWidth == 0 && scale == 0 && type != MessagePackType.Unknown ? headerLength + inline : 0);
    }

    /// <summary>The kind of value, as <see cref="MessagePackCode.ToMessagePackType"/> tells it; <see cref="MessagePackType.Unknown"/> for the byte MessagePack never uses.</summary>
    public MessagePackType Type { get; }

    /// <summary>The bytes that tell the value's size: the code, the length or count field, and an extension's type.</summary>
    public byte HeaderLength { get; }

    /// <summary>The bytes of the big-endian length or count after the code: 0 (the code tells it), 1, 2 or 4.</summary>
    public byte FieldWidth { get; }

    /// <summary>When <see cref="FieldWidth"/> is 0: the bytes of the body, or the number of an array's or a map's entries.</summary>
    public byte Inline { get; }

    /// <summary>For an array 1, for a map 2 (values per entry); 0 for any other value.</summary>
    public byte Scale { get; }

    /// <summary>The bytes of the whole value when its code alone tells them; 0 for an array, a map, a value with a length field and the byte never used.</summary>
    public byte FixedLength { get; }

    /// <summary>Whether the byte starts no value: MessagePack never uses it.</summary>
    public bool IsNeverUsed
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Type == MessagePackType.Unknown;
    }

    /// <summary>Where an extension's type byte is, from the value's start; -1 for any other value.</summary>
    public int TypeOffset
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Type == MessagePackType.Extension ? HeaderLength - 1 : -1;
    }

    /// <summary>A value of <paramref name="length"/> bytes in all (nil, booleans, numbers, fixstr; a fixext's type byte is part of its header).</summary>
    public static LeadByte Fixed(MessagePackType type, int length)
    {
        var headerLength = type == MessagePackType.Extension ? 2 : 1;
        return new(type, headerLength, 0, length - headerLength, 0);
    }

    /// <summary>A value whose body's length follows the code in <paramref name="fieldWidth"/> bytes (str, bin; ext has its type after them).</summary>
    public static LeadByte Sized(MessagePackType type, int fieldWidth) =>
        new(type, 1 + fieldWidth + (type == MessagePackType.Extension ? 1 : 0), fieldWidth, 0, 0);

    /// <summary>A fixarray or fixmap of <paramref name="count"/> values (a map's keys and values both count).</summary>
    public static LeadByte FixedContainer(MessagePackType type, int count) => new(type, 1, 0, count / ScaleOf(type), ScaleOf(type));

    /// <summary>An array or a map whose count of entries follows the code in <paramref name="fieldWidth"/> bytes.</summary>
    public static LeadByte Container(MessagePackType type, int fieldWidth) => new(type, 1 + fieldWidth, fieldWidth, 0, ScaleOf(type));

    /// <summary>The byte MessagePack never uses.</summary>
    public static LeadByte NeverUsed() => new(MessagePackType.Unknown, 1, 0, 0, 0);

    private static int ScaleOf(MessagePackType type) => type == MessagePackType.Map ? 2 : 1;
}
