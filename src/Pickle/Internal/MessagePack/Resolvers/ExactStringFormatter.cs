using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Unicode;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Strings, exactly. A string that is valid UTF-16 is MessagePack str (UTF-8), byte for byte as MessagePack writes it.
/// A string that is not (it holds a lone surrogate, which UTF-8 cannot hold) is ext 83 holding its UTF-16 code units,
/// little-endian. The UTF-8 transcoder's own status tells the two apart as it encodes, so an ordinary string is
/// encoded once, as before.
/// </summary>
internal sealed class ExactStringFormatter : IMessagePackFormatter<string?>
{
    public static readonly ExactStringFormatter Instance = new();

    private ExactStringFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, string? value, MessagePackSerializerOptions options) => Write(ref writer, value);

    public string? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static void Write(ref MessagePackWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        // Every UTF-16 code unit takes at most 3 bytes of UTF-8; the header is placed as MessagePack places it, by the
        // character count, and moved once the byte count is known.
        var length = value.Length;
        var estimated = HeaderLength(length);
        var span = writer.GetSpan(checked((length * 3) + 5));
        if (Utf8.FromUtf16(value, span[estimated..], out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            WriteUtf16(ref writer, value);
            return;
        }

        var header = HeaderLength(written);
        if (header != estimated)
        {
            span.Slice(estimated, written).CopyTo(span[header..]);
        }

        switch (header)
        {
            case 1:
                span[0] = (byte)(MessagePackCode.MinFixStr | written);
                break;
            case 2:
                span[0] = MessagePackCode.Str8;
                span[1] = (byte)written;
                break;
            case 3:
                span[0] = MessagePackCode.Str16;
                BinaryPrimitives.WriteUInt16BigEndian(span[1..], (ushort)written);
                break;
            default:
                span[0] = MessagePackCode.Str32;
                BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)written);
                break;
        }

        writer.Advance(header + written);
    }

    public static string? Read(ref MessagePackReader reader)
    {
        var code = reader.NextCode;
        if (code is (>= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16) or (>= MessagePackCode.Ext8 and <= MessagePackCode.Ext32)
            && ObjectHeaders.PeekExtensionType(ref reader) == PickleExtensions.Utf16String)
        {
            var header = reader.ReadExtensionFormatHeader();
            return Decode(reader.ReadRaw(header.Length));
        }

        // Anything else but a str is reported by MessagePack's reader, and then in words by the load's error (LoadErrors).
        return reader.ReadString();
    }

    /// <summary>The string an ext 83 holds, from its data: UTF-16 code units, little-endian.</summary>
    public static string Decode(ReadOnlySequence<byte> data)
    {
        if (data.Length % 2 != 0)
        {
            throw new PickleException(
                $"The pickle holds a UTF-16 string of {data.Length:N0} bytes, an odd number, but UTF-16 code units are 2 bytes each. The file is damaged or was not written by Pickle.");
        }

        return string.Create(checked((int)(data.Length / 2)), data, static (chars, bytes) =>
        {
            bytes.CopyTo(MemoryMarshal.AsBytes(chars));
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<char, ushort>(chars), MemoryMarshal.Cast<char, ushort>(chars));
            }
        });
    }

    private static void WriteUtf16(ref MessagePackWriter writer, string value)
    {
        var length = checked(value.Length * 2);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(PickleExtensions.Utf16String, (uint)length));
        if (BitConverter.IsLittleEndian)
        {
            writer.WriteRaw(MemoryMarshal.AsBytes(value.AsSpan()));
            return;
        }

        var span = writer.GetSpan(length);
        BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<char, ushort>(value.AsSpan()), MemoryMarshal.Cast<byte, ushort>(span));
        writer.Advance(length);
    }

    private static int HeaderLength(int length) => length switch
    {
        <= 31 => 1,
        <= byte.MaxValue => 2,
        <= ushort.MaxValue => 3,
        _ => 5,
    };
}
