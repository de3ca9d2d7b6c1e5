using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The lengths a MessagePack value's header tells, for the walks that step over values without reading them: the
/// shape check (<see cref="PayloadShape"/>) and the search for large blits in a payload being read
/// (<see cref="BlockScanner"/>).
/// </summary>
internal static class ValueLengths
{
    /// <summary>The length of the header that tells a value's size: code, length or count, and an extension's type.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int HeaderLength(byte code) => code switch
    {
        MessagePackCode.Bin8 or MessagePackCode.Str8 => 2,
        MessagePackCode.Bin16 or MessagePackCode.Str16 or MessagePackCode.Ext8 or MessagePackCode.Array16 or MessagePackCode.Map16 => 3,
        MessagePackCode.Ext16 => 4,
        MessagePackCode.Bin32 or MessagePackCode.Str32 or MessagePackCode.Array32 or MessagePackCode.Map32 => 5,
        MessagePackCode.Ext32 => 6,
        _ => 1,
    };

    /// <summary>
    /// For an array or a map, returns how many values it holds (a map's keys and values both count) and the length
    /// of its header; for any other value, returns -1 and the length of the whole value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long Measure(ReadOnlySpan<byte> header, out long length)
    {
        var code = header[0];
        switch (code)
        {
            case <= MessagePackCode.MaxFixMap:
                length = 1;
                return 2L * (code & 0x0F);
            case <= MessagePackCode.MaxFixArray:
                length = 1;
                return code & 0x0F;
            case MessagePackCode.Bin8 or MessagePackCode.Str8:
                length = 2L + header[1];
                return -1;
            case MessagePackCode.Bin16 or MessagePackCode.Str16:
                length = 3L + BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
                return -1;
            case MessagePackCode.Bin32 or MessagePackCode.Str32:
                length = 5L + BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
                return -1;
            case MessagePackCode.Ext8:
                length = 3L + header[1];
                return -1;
            case MessagePackCode.Ext16:
                length = 4L + BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
                return -1;
            case MessagePackCode.Ext32:
                length = 6L + BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
                return -1;
            case MessagePackCode.Array16:
                length = 3;
                return BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
            case MessagePackCode.Array32:
                length = 5;
                return BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            case MessagePackCode.Map16:
                length = 3;
                return 2L * BinaryPrimitives.ReadUInt16BigEndian(header[1..]);
            case MessagePackCode.Map32:
                length = 5;
                return 2L * BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            default:
                throw new InvalidOperationException($"The code 0x{code:X2} has a fixed length.");
        }
    }
}
