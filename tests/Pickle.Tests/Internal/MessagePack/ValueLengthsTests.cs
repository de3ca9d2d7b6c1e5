using System.Buffers.Binary;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

/// <summary>
/// The wire table against MessagePack's own reader, lead byte by lead byte: the kind of value, and the lengths and
/// counts the walks take from it.
/// </summary>
public class ValueLengthsTests
{
    /// <summary>Each of the 256 lead bytes, with the length or count its field declares when it has one.</summary>
    public static TheoryData<byte, int> LeadBytes
    {
        get
        {
            var data = new TheoryData<byte, int>();
            for (var code = 0; code < 256; code++)
            {
                data.Add((byte)code, 3);

                // Two bytes of field, so that a field read in the wrong order or width gives another number.
                data.Add((byte)code, 0x0103);
            }

            return data;
        }
    }

    [Fact]
    public void Of_EveryLeadByte_ClassifiesTheValueAsMessagePackDoes()
    {
        for (var code = 0; code < 256; code++)
        {
            var reader = new MessagePackReader(new byte[] { (byte)code });

            ValueLengths.Of((byte)code).Type.Should().Be(reader.NextMessagePackType, $"0x{code:X2} starts a {reader.NextMessagePackType}");
            ValueLengths.Of((byte)code).Type.Should().Be(MessagePackCode.ToMessagePackType((byte)code));
        }
    }

    [Fact]
    public void IsMapIsArrayIsExtension_EveryLeadByte_TellTheKindAsMessagePackDoes()
    {
        for (var code = 0; code < 256; code++)
        {
            var type = MessagePackCode.ToMessagePackType((byte)code);

            ValueLengths.IsMap((byte)code).Should().Be(type == MessagePackType.Map, $"0x{code:X2} starts a {type}");
            ValueLengths.IsArray((byte)code).Should().Be(type == MessagePackType.Array, $"0x{code:X2} starts a {type}");
            ValueLengths.IsExtension((byte)code).Should().Be(type == MessagePackType.Extension, $"0x{code:X2} starts a {type}");
        }
    }

    [Theory]
    [MemberData(nameof(LeadBytes))]
    public void Measure_EveryLeadByte_MeasuresTheValueAsMessagePackReaderReadsIt(byte code, int declared)
    {
        var lead = ValueLengths.Of(code);
        var value = Value(code, declared);
        var reader = new MessagePackReader(value);

        if (lead.IsNeverUsed)
        {
            var skip = () => new MessagePackReader(value).Skip();
            skip.Should().Throw<MessagePackSerializationException>();
            return;
        }

        var count = ValueLengths.Measure(lead, value, out var length);
        switch (lead.Type)
        {
            case MessagePackType.Array:
                count.Should().Be(reader.ReadArrayHeader());
                length.Should().Be(reader.Consumed, "an array's length is its header's");
                break;
            case MessagePackType.Map:
                count.Should().Be(2L * reader.ReadMapHeader(), "a map's keys and values both count");
                length.Should().Be(reader.Consumed, "a map's length is its header's");
                break;
            default:
                count.Should().Be(-1);
                if (lead.Type == MessagePackType.Extension)
                {
                    var header = new MessagePackReader(value).ReadExtensionFormatHeader();
                    unchecked((sbyte)value[lead.TypeOffset]).Should().Be(header.TypeCode, "the type byte is where the table says");
                }

                reader.Skip();
                length.Should().Be(reader.Consumed, $"0x{code:X2} declaring {declared} is read as {reader.Consumed} bytes");
                break;
        }

        lead.HeaderLength.Should().BeLessThanOrEqualTo(ValueLengths.LongestHeader);
    }

    [Fact]
    public void TrySkipFixedLength_EveryLeadByte_SkipsExactlyTheValuesWhoseCodeTellsTheirLength()
    {
        for (var code = 0; code < 256; code++)
        {
            var lead = ValueLengths.Of((byte)code);
            var value = Value((byte)code, 3);
            var reader = new MessagePackReader(value);
            var position = 0;

            var skipped = ValueLengths.TrySkipFixedLength((byte)code, ref position);

            var fixedByCode = !lead.IsNeverUsed && lead.FieldWidth == 0 && lead.Scale == 0;
            skipped.Should().Be(fixedByCode, $"0x{code:X2}");
            if (skipped)
            {
                reader.Skip();
                position.Should().Be((int)reader.Consumed, $"0x{code:X2} is {reader.Consumed} bytes");
                ValueLengths.FixedLength((byte)code).Should().Be(position);
                lead.FixedLength.Should().Be((byte)position);
            }
            else
            {
                position.Should().Be(0, "a code that does not tell the length leaves the position");
                ValueLengths.FixedLength((byte)code).Should().Be(0);
            }
        }
    }

    [Fact]
    public void FixedCount_EveryLeadByte_CountsTheValuesOfFixmapsAndFixarraysOnly()
    {
        for (var code = 0; code < 256; code++)
        {
            var reader = new MessagePackReader(Value((byte)code, 3));
            var expected = reader.NextMessagePackType switch
            {
                MessagePackType.Array when code <= MessagePackCode.MaxFixArray => reader.ReadArrayHeader(),
                MessagePackType.Map when code <= MessagePackCode.MaxFixMap => 2 * reader.ReadMapHeader(),
                _ => -1,
            };

            ValueLengths.FixedCount((byte)code).Should().Be(expected, $"0x{code:X2}");
        }
    }

    /// <summary>
    /// A whole value that starts with <paramref name="code"/>: its length or count field (if it has one) declaring
    /// <paramref name="declared"/>, an extension's type 0x55, then the body or the entries (fixints).
    /// </summary>
    private static byte[] Value(byte code, int declared)
    {
        var lead = ValueLengths.Of(code);
        var bytes = new List<byte> { code };
        var field = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(field, (uint)declared);
        var width = lead.FieldWidth;
        var number = width == 1 ? declared & 0xFF : declared;
        bytes.AddRange(field[(4 - width)..]);
        if (lead.Type == MessagePackType.Extension)
        {
            bytes.Add(0x55);
        }

        var inline = width == 0 ? lead.Inline : number;
        var body = lead.Scale == 0 ? inline : inline * lead.Scale;

        // A body of zeros (fixints, for entries); at least 20 bytes, so that a fixed-length code always has its data.
        bytes.AddRange(new byte[Math.Max(body, 20)]);
        return [.. bytes];
    }
}
