using System.Buffers.Binary;
using System.Text;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Reads the scalar values Pickle writes for fields (integers, floats, booleans, strings) straight from a span, as
/// MessagePack's reader and built-in formatters read them. Each method returns false, with <c>position</c> unmoved,
/// for any other encoding or a value cut short; the caller then reads the value through MessagePack's reader, which
/// accepts (or reports) everything else.
/// </summary>
internal static class SpanValues
{
    /// <summary>MessagePack's own string decoding: UTF-8, invalid bytes replaced.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static bool TryReadInt64(ReadOnlySpan<byte> bytes, ref int position, out long value)
    {
        value = 0;
        if ((uint)position >= (uint)bytes.Length)
        {
            return false;
        }

        var code = bytes[position];
        if (code <= MessagePackCode.MaxFixInt)
        {
            value = code;
            position++;
            return true;
        }

        if (code >= MessagePackCode.MinNegativeFixInt)
        {
            value = unchecked((sbyte)code);
            position++;
            return true;
        }

        var data = bytes[(position + 1)..];
        int length;
        switch (code)
        {
            case MessagePackCode.UInt8 when data.Length >= 1:
                (value, length) = (data[0], 1);
                break;
            case MessagePackCode.UInt16 when data.Length >= 2:
                (value, length) = (BinaryPrimitives.ReadUInt16BigEndian(data), 2);
                break;
            case MessagePackCode.UInt32 when data.Length >= 4:
                (value, length) = (BinaryPrimitives.ReadUInt32BigEndian(data), 4);
                break;
            case MessagePackCode.UInt64 when data.Length >= 8 && BinaryPrimitives.ReadUInt64BigEndian(data) <= long.MaxValue:
                (value, length) = ((long)BinaryPrimitives.ReadUInt64BigEndian(data), 8);
                break;
            case MessagePackCode.Int8 when data.Length >= 1:
                (value, length) = (unchecked((sbyte)data[0]), 1);
                break;
            case MessagePackCode.Int16 when data.Length >= 2:
                (value, length) = (BinaryPrimitives.ReadInt16BigEndian(data), 2);
                break;
            case MessagePackCode.Int32 when data.Length >= 4:
                (value, length) = (BinaryPrimitives.ReadInt32BigEndian(data), 4);
                break;
            case MessagePackCode.Int64 when data.Length >= 8:
                (value, length) = (BinaryPrimitives.ReadInt64BigEndian(data), 8);
                break;
            default:
                return false;
        }

        position += 1 + length;
        return true;
    }

    public static bool TryReadInt32(ReadOnlySpan<byte> bytes, ref int position, out int value)
    {
        var at = position;
        if (TryReadInt64(bytes, ref at, out var wide) && wide is >= int.MinValue and <= int.MaxValue)
        {
            value = (int)wide;
            position = at;
            return true;
        }

        value = 0;
        return false;
    }

    public static bool TryReadDouble(ReadOnlySpan<byte> bytes, ref int position, out double value)
    {
        if ((uint)position < (uint)bytes.Length && bytes[position] == MessagePackCode.Float64 && bytes.Length - position > 8)
        {
            value = BinaryPrimitives.ReadDoubleBigEndian(bytes[(position + 1)..]);
            position += 9;
            return true;
        }

        value = 0;
        return false;
    }

    public static bool TryReadSingle(ReadOnlySpan<byte> bytes, ref int position, out float value)
    {
        if ((uint)position < (uint)bytes.Length && bytes[position] == MessagePackCode.Float32 && bytes.Length - position > 4)
        {
            value = BinaryPrimitives.ReadSingleBigEndian(bytes[(position + 1)..]);
            position += 5;
            return true;
        }

        value = 0;
        return false;
    }

    public static bool TryReadBoolean(ReadOnlySpan<byte> bytes, ref int position, out bool value)
    {
        value = false;
        if ((uint)position >= (uint)bytes.Length || bytes[position] is not (MessagePackCode.True or MessagePackCode.False))
        {
            return false;
        }

        value = bytes[position++] == MessagePackCode.True;
        return true;
    }

    public static bool TryReadString(ReadOnlySpan<byte> bytes, ref int position, out string? value)
    {
        value = null;
        if ((uint)position >= (uint)bytes.Length)
        {
            return false;
        }

        var code = bytes[position];
        var data = bytes[(position + 1)..];
        int headerLength;
        int length;
        switch (code)
        {
            case MessagePackCode.Nil:
                position++;
                return true;
            case >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr:
                (headerLength, length) = (1, code - MessagePackCode.MinFixStr);
                break;
            case MessagePackCode.Str8 when data.Length >= 1:
                (headerLength, length) = (2, data[0]);
                break;
            case MessagePackCode.Str16 when data.Length >= 2:
                (headerLength, length) = (3, BinaryPrimitives.ReadUInt16BigEndian(data));
                break;
            default:
                return false;
        }

        if (bytes.Length - position - headerLength < length)
        {
            return false;
        }

        value = Utf8.GetString(bytes.Slice(position + headerLength, length));
        position += headerLength + length;
        return true;
    }
}
