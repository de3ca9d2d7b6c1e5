using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The MessagePack wire table: what each of the 256 lead bytes tells about a value's size (<see cref="LeadByte"/>),
/// and the measure of one value built on it, for the walks that step over values without reading them: the shape
/// check (<see cref="PayloadShape"/>) and the search for large blits in a payload being read (<see cref="BlockScanner"/>).
/// This is the only place that knows the lengths; the tests check every byte against MessagePack's own reader.
/// </summary>
internal static class ValueLengths
{
    /// <summary>The longest header of a value: ext 32 (code, 4-byte length, type).</summary>
    public const int LongestHeader = 6;

    private static readonly LeadByte[] Table = MakeTable();

    /// <summary>The table's entry for <paramref name="code"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ref readonly LeadByte Of(byte code) =>
        ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Table), code);

    /// <summary>
    /// If <paramref name="code"/> alone tells the length of the value it starts (fixint, nil, booleans, numbers,
    /// fixstr, fixext), moves <paramref name="position"/> past the value and returns true; otherwise returns false.
    /// This is the table's description of those codes, its only one: the table's entries are made from it.
    /// </summary>
    /// <remarks>
    /// It is written as code, not read from the table, for the walks: inlined, each length is a constant added on
    /// a branch, which the processor predicts, so the next value's position waits on no load once the code is
    /// loaded. Fixstr (field names) and fixint, the commonest values in Pickle's payloads, are tested first.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TrySkipFixedLength(byte code, ref int position)
    {
        if ((uint)(code - MessagePackCode.MinFixStr) <= MessagePackCode.MaxFixStr - MessagePackCode.MinFixStr)
        {
            position += code - (MessagePackCode.MinFixStr - 1);
            return true;
        }

        if (code <= MessagePackCode.MaxFixInt)
        {
            position += 1;
            return true;
        }

        switch (code)
        {
            case MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True:
                position += 1;
                return true;
            case MessagePackCode.UInt8 or MessagePackCode.Int8:
                position += 2;
                return true;
            case MessagePackCode.UInt16 or MessagePackCode.Int16:
                position += 3;
                return true;
            case MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32:
                position += 5;
                return true;
            case MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64:
                position += 9;
                return true;
            case MessagePackCode.FixExt1:
                position += 3;
                return true;
            case MessagePackCode.FixExt2:
                position += 4;
                return true;
            case MessagePackCode.FixExt4:
                position += 6;
                return true;
            case MessagePackCode.FixExt8:
                position += 10;
                return true;
            case MessagePackCode.FixExt16:
                position += 18;
                return true;
            case >= MessagePackCode.MinNegativeFixInt:
                position += 1;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="code"/> starts a map (fixmap, map 16, map 32).</summary>
    /// <remarks>
    /// This and <see cref="IsArray"/> and <see cref="IsExtension"/> tell the kind of value from the code's ranges, as
    /// <see cref="MessagePackCode.ToMessagePackType"/> does, for the loaders on the way every load takes (collections'
    /// counts, keyed collections' headers, scalar extensions): MessagePack's answer, and this table's, read a table of
    /// all 256 bytes, made by a large static constructor compiled at a first load.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsMap(byte code) =>
        code is (>= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap) or MessagePackCode.Map16 or MessagePackCode.Map32;

    /// <summary>Whether <paramref name="code"/> starts an array (fixarray, array 16, array 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsArray(byte code) =>
        code is (>= MessagePackCode.MinFixArray and <= MessagePackCode.MaxFixArray) or MessagePackCode.Array16 or MessagePackCode.Array32;

    /// <summary>Whether <paramref name="code"/> starts an extension (fixext 1 to 16, ext 8, ext 16, ext 32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsExtension(byte code) =>
        code is (>= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16) or MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32;

    /// <summary>The bytes a value takes when its code alone tells them (<see cref="TrySkipFixedLength"/>); 0 for the other codes.</summary>
    public static int FixedLength(byte code)
    {
        var end = 0;
        return TrySkipFixedLength(code, ref end) ? end : 0;
    }

    /// <summary>
    /// How many values a fixmap (keys and values both count) or a fixarray holds, which its code tells; -1 for any
    /// other code. Like <see cref="TrySkipFixedLength"/>, the table's only description of those codes, written as code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int FixedCount(byte code) =>
        (uint)(code - MessagePackCode.MinFixMap) > MessagePackCode.MaxFixArray - MessagePackCode.MinFixMap ? -1
        : code <= MessagePackCode.MaxFixMap ? 2 * (code & 0x0F)
        : code & 0x0F;

    /// <summary>
    /// For an array or a map, returns how many values it holds (a map's keys and values both count) and the length
    /// of its header; for any other value, returns -1 and the length of the whole value. <paramref name="lead"/> is
    /// the table's entry for the value's code (not the byte MessagePack never uses), and <paramref name="header"/>
    /// holds at least the entry's <see cref="LeadByte.HeaderLength"/> bytes from the value's start.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Measure(in LeadByte lead, ReadOnlySpan<byte> header, out long length)
    {
        long field = lead.FieldWidth == 0 ? lead.Inline
            : lead.FieldWidth == 1 ? header[1]
            : lead.FieldWidth == 2 ? BinaryPrimitives.ReadUInt16BigEndian(header[1..])
            : BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
        if (lead.Scale == 0)
        {
            length = lead.HeaderLength + field;
            return -1;
        }

        length = lead.HeaderLength;
        return field * lead.Scale;
    }

    /// <summary>
    /// The kind of value each lead byte starts (MessagePack's specification, "Formats"), and for the codes whose
    /// length <see cref="TrySkipFixedLength"/> and <see cref="FixedCount"/> do not tell, how the header tells it; the
    /// fixed lengths and counts come from those two, and each entry is checked against them. The cases cover every
    /// byte, as the compiler checks: there is no default.
    /// </summary>
    private static LeadByte Describe(byte code)
    {
        var entry = code switch
        {
            <= MessagePackCode.MaxFixInt => Fixed(MessagePackType.Integer),
            <= MessagePackCode.MaxFixMap => LeadByte.FixedContainer(MessagePackType.Map, FixedCount(code)),
            <= MessagePackCode.MaxFixArray => LeadByte.FixedContainer(MessagePackType.Array, FixedCount(code)),
            <= MessagePackCode.MaxFixStr => Fixed(MessagePackType.String),
            MessagePackCode.Nil => Fixed(MessagePackType.Nil),
            MessagePackCode.NeverUsed => LeadByte.NeverUsed(),
            MessagePackCode.False or MessagePackCode.True => Fixed(MessagePackType.Boolean),
            MessagePackCode.Bin8 => LeadByte.Sized(MessagePackType.Binary, 1),
            MessagePackCode.Bin16 => LeadByte.Sized(MessagePackType.Binary, 2),
            MessagePackCode.Bin32 => LeadByte.Sized(MessagePackType.Binary, 4),
            MessagePackCode.Ext8 => LeadByte.Sized(MessagePackType.Extension, 1),
            MessagePackCode.Ext16 => LeadByte.Sized(MessagePackType.Extension, 2),
            MessagePackCode.Ext32 => LeadByte.Sized(MessagePackType.Extension, 4),
            MessagePackCode.Float32 or MessagePackCode.Float64 => Fixed(MessagePackType.Float),
            >= MessagePackCode.UInt8 and <= MessagePackCode.Int64 => Fixed(MessagePackType.Integer),
            >= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16 => Fixed(MessagePackType.Extension),
            MessagePackCode.Str8 => LeadByte.Sized(MessagePackType.String, 1),
            MessagePackCode.Str16 => LeadByte.Sized(MessagePackType.String, 2),
            MessagePackCode.Str32 => LeadByte.Sized(MessagePackType.String, 4),
            MessagePackCode.Array16 => LeadByte.Container(MessagePackType.Array, 2),
            MessagePackCode.Array32 => LeadByte.Container(MessagePackType.Array, 4),
            MessagePackCode.Map16 => LeadByte.Container(MessagePackType.Map, 2),
            MessagePackCode.Map32 => LeadByte.Container(MessagePackType.Map, 4),
            >= MessagePackCode.MinNegativeFixInt => Fixed(MessagePackType.Integer),
        };
        return entry.FixedLength == FixedLength(code) && (entry.FieldWidth != 0 || entry.Scale == 0 || entry.Inline * entry.Scale == FixedCount(code))
            ? entry
            : throw new InvalidOperationException($"The wire table describes 0x{code:X2} with a length its code does not tell, or the reverse.");

        LeadByte Fixed(MessagePackType type) => LeadByte.Fixed(type, FixedLength(code));
    }

    private static LeadByte[] MakeTable()
    {
        var table = new LeadByte[256];
        for (var code = 0; code < table.Length; code++)
        {
            table[code] = Describe((byte)code);
        }

        return table;
    }
}
