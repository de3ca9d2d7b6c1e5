using System.Text;

namespace Pickling.Internal;

/// <summary>
/// The compact version-2 header: after magic, version and flags, one byte for the format (a built-in format's code,
/// or 0 followed by the name's length and the name), then the payload length as an unsigned LEB128 varint in its
/// shortest form (1 to 9 bytes). A small frame's header is 12 bytes. Version 3 and 4 frames have this same header: version 3
/// changed how payloads refer back to objects and version 4 how they hold dates, times, decimals and Guids, which the
/// frame reader passes on to the serializer.
/// </summary>
internal static class FrameHeaderVersion2
{
    public const byte Version = 2;

    /// <summary>The most bytes the payload length takes: 9 bytes of 7 bits hold any length up to <see cref="long.MaxValue"/>.</summary>
    public const int MaxLengthBytes = 9;

    /// <summary>The length of the header, CRC included, that <see cref="WriteFields"/> starts for <paramref name="format"/> and <paramref name="payloadLength"/>.</summary>
    public static int LengthOf(string format, long payloadLength)
    {
        var formatLength = BuiltInSerializers.CodeOf(format) == BuiltInSerializers.NamedFormat ? 1 + format.Length : 0;
        var lengthBytes = 1;
        for (var rest = (ulong)payloadLength; rest >= 0x80; rest >>= 7)
        {
            lengthBytes++;
        }

        return 7 + formatLength + lengthBytes + FrameHeader.CrcLength;
    }

    /// <summary>Writes the fields after the flags and returns where the header CRC goes.</summary>
    public static int WriteFields(Span<byte> destination, string format, long payloadLength)
    {
        var position = 6;
        var code = BuiltInSerializers.CodeOf(format);
        destination[position++] = code;
        if (code == BuiltInSerializers.NamedFormat)
        {
            destination[position] = (byte)Encoding.ASCII.GetBytes(format, destination[(position + 1)..]);
            position += 1 + destination[position];
        }

        var rest = (ulong)payloadLength;
        while (rest >= 0x80)
        {
            destination[position++] = (byte)(rest | 0x80);
            rest >>= 7;
        }

        destination[position++] = (byte)rest;
        return position;
    }

    /// <summary>How many bytes a version-2 header needs, judging by the <paramref name="available"/> bytes (at least the fixed prefix).</summary>
    public static int BytesNeeded(ReadOnlySpan<byte> available)
    {
        var position = 7;
        var code = available[6];
        if (code == BuiltInSerializers.NamedFormat)
        {
            if (available.Length < 8)
            {
                return 8;
            }

            var formatLength = available[7];
            if (formatLength is 0 or > FrameHeader.MaxFormatLength)
            {
                throw PickleErrors.Damaged($"its format name length ({formatLength}) is outside 1 to {FrameHeader.MaxFormatLength}");
            }

            position = 8 + formatLength;
        }
        else if (BuiltInSerializers.FormatOf(code) is null)
        {
            throw PickleErrors.UnknownFormatCode(code);
        }

        for (var i = 0; i < MaxLengthBytes; i++, position++)
        {
            if (available.Length <= position)
            {
                return position + 1;
            }

            if (available[position] < 0x80)
            {
                return position + 1 + FrameHeader.CrcLength;
            }
        }

        throw PickleErrors.Damaged($"its payload length runs over {MaxLengthBytes} bytes");
    }

    /// <summary>Reads the fields of a complete version-2 header whose CRC and flags have been checked.</summary>
    public static FrameHeader Parse(ReadOnlySpan<byte> header, byte flags)
    {
        var position = 7;
        var code = header[6];
        string format;
        if (code == BuiltInSerializers.NamedFormat)
        {
            var name = header.Slice(8, header[7]);
            if (name.ContainsAnyExceptInRange((byte)'!', (byte)'~'))
            {
                throw PickleErrors.Damaged("its format name is not printable ASCII");
            }

            format = Encoding.ASCII.GetString(name);
            position = 8 + name.Length;
        }
        else
        {
            format = BuiltInSerializers.FormatOf(code)!;
        }

        // Nine bytes of seven bits hold at most 63 bits, so the length is never negative.
        var end = header.Length - FrameHeader.CrcLength;
        if (end - position > 1 && header[end - 1] == 0)
        {
            throw PickleErrors.Damaged("its payload length is not written in its shortest form");
        }

        ulong length = 0;
        for (var shift = 0; position < end; position++, shift += 7)
        {
            length |= (ulong)(header[position] & 0x7F) << shift;
        }

        return new FrameHeader(header[4], flags, format, typeName: string.Empty, writerVersion: string.Empty, (long)length, header.Length);
    }
}
