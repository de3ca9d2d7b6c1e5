using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;

namespace Pickling.Cli.Tests;

public sealed class ContentConverterTests
{
    public static TheoryData<string, byte[]> Values => new()
    {
        { "null", Pack((ref MessagePackWriter w) => w.WriteNil()) },
        { "true", Pack((ref MessagePackWriter w) => w.Write(true)) },
        { "-5", Pack((ref MessagePackWriter w) => w.Write(-5)) },
        { "18446744073709551615", Pack((ref MessagePackWriter w) => w.Write(ulong.MaxValue)) },
        { "-9223372036854775808", Pack((ref MessagePackWriter w) => w.Write(long.MinValue)) },
        { "0.1", Pack((ref MessagePackWriter w) => w.Write(0.1f)) },
        { "0.1", Pack((ref MessagePackWriter w) => w.Write(0.1d)) },
        { "\"NaN\"", Pack((ref MessagePackWriter w) => w.Write(double.NaN)) },
        { "\"-Infinity\"", Pack((ref MessagePackWriter w) => w.Write(float.NegativeInfinity)) },
        { "\"Infinity\"", Pack((ref MessagePackWriter w) => w.Write(double.PositiveInfinity)) },
        { "\"h\\u00E9\"", Pack((ref MessagePackWriter w) => w.Write("hé")) },
        { "\"AQID\"", Pack((ref MessagePackWriter w) => w.Write(new byte[] { 1, 2, 3 })) },
        { "\"2026-11-25T09:30:00.0000000Z\"", Pack((ref MessagePackWriter w) => w.Write(new DateTime(2026, 11, 25, 9, 30, 0, DateTimeKind.Utc))) },
        { "{\"$ext\":7,\"base64\":\"qg==\"}", Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(7, new byte[] { 0xAA }))) },
        {
            "{\"1\":\"a\",\"[1,2]\":null,\"k\":[]}",
            Pack((ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(3);
                w.Write(1);
                w.Write("a");
                w.WriteArrayHeader(2);
                w.Write(1);
                w.Write(2);
                w.WriteNil();
                w.Write("k");
                w.WriteArrayHeader(0);
            })
        },
    };

    public static TheoryData<string, byte[]> PickleExtensions => new()
    {
        { "[1,-2]", Blit(90, 'i', [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF]) },
        { "[]", Blit(90, 'd', []) },
        { "[true,false]", Blit(90, '?', [1, 0]) },
        { "[255]", Blit(90, 'B', [255]) },
        { "[-1]", Blit(90, 'b', [255]) },
        { "[\"h\",\"i\",55357]", Blit(90, 'u', [(byte)'h', 0, (byte)'i', 0, 0x3D, 0xD8]) },
        { "[1.5,\"-Infinity\"]", Blit(90, 'e', [0x00, 0x3E, 0x00, 0xFC]) },
        { "[18446744073709551615]", Blit(90, 'Q', [255, 255, 255, 255, 255, 255, 255, 255]) },
        { "[[1,2],[3,4],[5,6]]", Blit(91, 'b', [2, 3, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6]) },
        { "[[],[]]", Blit(91, 'd', [2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) },
        { "{\"$lowerBounds\":[5,0],\"$value\":[[7]]}", Blit(91, 'h', [2, 1, 0, 0, 0, 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 7, 0]) },
        { "{\"$ref\":3}", Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(81, new byte[] { 3 }))) },
        { "{\"$offset\":1,\"$count\":2,\"$array\":[7,8,9]}", Pack((ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.WriteExtensionFormat(new ExtensionResult(84, new byte[] { 1, 2 })); w.WriteArrayHeader(3); w.Write(7); w.Write(8); w.Write(9); }) },
        { "[1]", Pack((ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.WriteExtensionFormat(new ExtensionResult(85, new byte[] { 0xC0 })); w.WriteArrayHeader(1); w.Write(1); }) },
        { "{\"$type\":\"Zoo.Dog, Zoo\",\"Name\":\"rex\"}", WithHeader(Nil, Str("Zoo.Dog, Zoo"), (ref MessagePackWriter w) => { w.WriteMapHeader(1); w.Write("Name"); w.Write("rex"); }) },
        { "{\"$id\":4,\"$type\":\"Zoo.Tag\",\"$value\":\"x\"}", WithHeader(Int(4), Str("Zoo.Tag"), (ref MessagePackWriter w) => w.Write("x")) },
        { "{\"$id\":0,\"$value\":[1]}", WithHeader(Int(0), Nil, (ref MessagePackWriter w) => { w.WriteArrayHeader(1); w.Write(1); }) },
        { "5", WithHeader(Nil, Nil, (ref MessagePackWriter w) => w.Write(5)) },
        { "[{\"$comparer\":\"OrdinalIgnoreCase\"},\"a\",1]", Pack((ref MessagePackWriter w) => { w.WriteArrayHeader(3); w.WriteExtensionFormat(new ExtensionResult(82, Str("OrdinalIgnoreCase"))); w.Write("a"); w.Write(1); }) },
        { "[{\"$comparer\":\"Culture\",\"$culture\":\"fr-FR\",\"$options\":\"IgnoreCase\"},\"a\"]", Pack((ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.WriteExtensionFormat(new ExtensionResult(82, (byte[])[.. Str("Culture"), .. Str("fr-FR"), 0x01])); w.Write("a"); }) },
        { "[{\"$comparer\":null},5]", Pack((ref MessagePackWriter w) => { w.WriteArrayHeader(2); w.WriteExtensionFormat(new ExtensionResult(82, new byte[] { 0xC0 })); w.Write(5); }) },
        { "[{\"Id\":1,\"Name\":\"a\"},{\"Id\":2,\"Name\":\"b\"},null,{\"Id\":3,\"Name\":\"c\"}]", Hex("95 D4 56 C0 82 A2 49 64 01 A4 4E 61 6D 65 A1 61 92 02 A1 62 C0 92 03 A1 63") },
        {
            "[{\"$type\":\"Zoo.Dog\",\"Name\":\"rex\"},{\"Id\":1,\"Name\":\"a\"},{\"$ref\":3},{\"Id\":2,\"Name\":\"b\"}]",
            Pack((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(5);
                w.WriteRaw(KeysOnceMark);
                w.WriteRaw(WithHeader(Nil, Str("Zoo.Dog"), (ref MessagePackWriter v) => { v.WriteMapHeader(1); v.Write("Name"); v.Write("rex"); }));
                w.WriteRaw(Hex("82 A2 49 64 01 A4 4E 61 6D 65 A1 61"));
                w.WriteExtensionFormat(new ExtensionResult(81, new byte[] { 3 }));
                w.WriteRaw(Hex("92 02 A1 62"));
            })
        },
        {
            "[{\"Id\":1,\"Tags\":[{\"K\":\"x\"},{\"K\":\"y\"}]},{\"Id\":2,\"Tags\":[{\"Q\":1,\"R\":2},{\"Q\":3,\"R\":4}]},{\"Id\":3,\"Tags\":null}]",
            Pack((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(4);
                w.WriteRaw(KeysOnceMark);
                w.WriteMapHeader(2);
                w.Write("Id");
                w.Write(1);
                w.Write("Tags");
                w.WriteArrayHeader(3);
                w.WriteRaw(KeysOnceMark);
                w.WriteMapHeader(1);
                w.Write("K");
                w.Write("x");
                w.WriteArrayHeader(1);
                w.Write("y");
                w.WriteArrayHeader(2);
                w.Write(2);
                w.WriteArrayHeader(3);
                w.WriteRaw(KeysOnceMark);
                w.WriteRaw(Hex("82 A1 51 01 A1 52 02 92 03 04"));
                w.WriteRaw(Hex("92 03 C0"));
            })
        },
        {
            "[{\"$type\":\"A\",\"$value\":1},{\"$type\":\"A\",\"$value\":2}]",
            Pack((ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(2);
                w.WriteRaw(WithHeader(Nil, Str("A"), (ref MessagePackWriter v) => v.Write(1)));
                w.WriteRaw(WithHeader(Nil, Int(0), (ref MessagePackWriter v) => v.Write(2)));
            })
        },
    };

    public static TheoryData<byte[], string> InvalidPickleExtensions => new()
    {
        { WithHeader(Nil, Int(0), (ref MessagePackWriter w) => w.Write(1)), "type #0, which the payload has not named" },
        { WithHeader(Int(-1), Nil, (ref MessagePackWriter w) => w.Write(1)), "malformed object header" },
        { WithHeader(Nil, Nil, (ref MessagePackWriter w) => w.Write(1), extra: true), "malformed object header" },
        { Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(80, new byte[] { 0xC0, 0xC0 }))), "not the first of a two-element array" },
        { Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(81, new byte[] { 0xA1, 0x78 }))), "malformed back-reference" },
        { Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(82, new byte[] { 0xC0, 0xC0 }))), "malformed comparer" },
        { Blit(90, 'z', [1]), "unknown element code 0x7A" },
        { Blit(90, 'i', [1, 2, 3]), "not a whole number of 4-byte elements" },
        { Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(90, Array.Empty<byte>()))), "malformed array of numbers" },
        { Blit(91, 'i', [1, 2, 0, 0, 0, 0, 0, 0, 0]), "needs 8 bytes of elements" },
        { Blit(91, 'i', [1, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]), "negative length" },
        { Blit(91, 'i', [0]), "malformed multi-dimensional" },
        { Blit(91, 'i', [2, 0, 0, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "4,194,305 rows for 0 elements" },
        { Blit(91, 'i', [2, 0xFF, 0xFF, 0xFF, 0x7F, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), "more elements than an array can hold" },
        { Hex("93 D4 56 01 81 A2 49 64 01 91 02"), "malformed list whose keys are written once: its mark (ext 86), at payload offset 1, holds something other than nil" },
        { Hex("93 C7 02 56 C0 C0 81 A2 49 64 01 91 02"), "its mark (ext 86), at payload offset 1, holds something other than nil" },
        { Hex("92 D4 56 C0 81 A2 49 64 01"), "it has 1 element(s) after its mark (ext 86) at payload offset 1, where it needs two or more" },
        { Hex("91 D4 56 C0"), "it has 0 element(s) after its mark" },
        { Hex("93 D4 56 C0 91 02 81 A2 49 64 01"), "its element 0, at payload offset 4, is an array of values before any element gave the field names" },
        { Hex("93 D4 56 C0 82 A2 49 64 01 A4 4E 61 6D 65 A1 61 91 02"), "its element 1, at payload offset 16, holds 1 value(s), where the list's first record named 2 field(s)" },
        { Hex("93 D4 56 C0 82 A2 49 64 01 A4 4E 61 6D 65 A1 61 93 02 A1 62 C0"), "holds 3 value(s), where the list's first record named 2 field(s)" },
        { Hex("93 D4 56 C0 81 01 A1 61 91 A1 62"), "its first record, at payload offset 4, has a key that is not a field name (a string)" },
        { Hex("92 01 D4 56 C0"), "its mark (ext 86), at payload offset 2, is not where the elements of a list start" },
    };

    public static TheoryData<byte[], string> Invalid => new()
    {
        { [], "empty" },
        { [0x93, 0x01], "end of" },
        { [0xC1], "byte 0xC1 at payload offset 0" },
        { [0x01, 0x02], "1 bytes follow" },
        { [.. Enumerable.Repeat((byte)0x91, ContentConverter.MaxDepth + 10), 0xC0], "nested more than" },
    };

    internal delegate void WriteAction(ref MessagePackWriter writer);

    [Theory]
    [MemberData(nameof(Values))]
    public void MessagePackToJson_Value_WritesPortableJson(string expected, byte[] payload)
    {
        ToJson(payload).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void MessagePackToJson_InvalidPayload_Throws(byte[] payload, string message)
    {
        var error = Record.Exception(() => ToJson(payload));

        error.Should().Match<Exception>(e => e is InvalidOperationException || e is MessagePackSerializationException || e is EndOfStreamException);
        error!.Message.Should().Contain(message);
    }

    /// <summary>Strings that are not valid UTF-16 (ext 83): JSON with the lone surrogates escaped, which JSON allows.</summary>
    public static TheoryData<string, byte[]> LoneSurrogateStrings => new()
    {
        { "\"a\\uDC00\\uD800\\u00E9\"", Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(83, new byte[] { (byte)'a', 0, 0x00, 0xDC, 0x00, 0xD8, 0xE9, 0 }))) },
        { "\"x\\uDFFF\"", Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(83, new byte[] { (byte)'x', 0, 0xFF, 0xDF }))) },
    };

    [Theory]
    [MemberData(nameof(LoneSurrogateStrings))]
    public void MessagePackToJson_StringWithLoneSurrogate_EscapesThem(string expected, byte[] payload)
    {
        ToJson(payload).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(LoneSurrogateStrings))]
    public void Convert_StringWithLoneSurrogate_KeepsItsExtension(string expected, byte[] payload)
    {
        using var output = new MemoryStream();
        var sink = new MessagePackValueSink(output);

        ContentConverter.Convert(new ReadOnlySequence<byte>(payload), sink);
        sink.Flush();

        output.ToArray().Should().Equal(payload, "the string {0} has no other exact MessagePack form", expected);
    }

    [Theory]
    [MemberData(nameof(PickleExtensions))]
    public void MessagePackToJson_PickleExtension_WritesPortableJson(string expected, byte[] payload)
    {
        ToJson(payload).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(InvalidPickleExtensions))]
    public void MessagePackToJson_MalformedPickleExtension_ThrowsNamingTheProblem(byte[] payload, string message)
    {
        var error = Record.Exception(() => ToJson(payload));

        error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain(message);
    }

    [Theory]
    [MemberData(nameof(PickleExtensions))]
    public void Convert_ToMessagePack_WritesPlainMessagePackWithTheSameStructure(string expected, byte[] payload)
    {
        using var output = new MemoryStream();
        var sink = new MessagePackValueSink(output);

        ContentConverter.Convert(new ReadOnlySequence<byte>(payload), sink);
        sink.Flush();

        MessagePackSerializer.ConvertToJson(output.ToArray()).Should().Be(expected.Replace("\"-Infinity\"", "-Infinity", StringComparison.Ordinal));
    }

    /// <summary>Pickle's scalar extensions (FORMAT.md, "Scalars") and the JSON each becomes.</summary>
    public static TheoryData<string, string> Scalars => new()
    {
        { "\"2026-11-25T08:00:00.0000000Z\"", "D7 46 00 40 99 1A CA 4A DF 48" },
        { "\"2026-11-25T08:00:00.0000000\"", "D7 46 00 40 99 1A CA 4A DF 08" },
        { "\"0001-01-01T00:00:00.0000000\"", "D4 46 00" },
        { "\"2026-11-25T08:00:00.0000000-05:00\"", "C7 0A 47 00 40 99 1A CA 4A DF 08 D4 FE" },
        { "\"00:00:01\"", "D6 48 80 96 98 00" },
        { "\"-00:00:00.0000001\"", "D4 48 FF" },
        { "\"2026-11-25\"", "D6 49 68 4A 0B 00" },
        { "\"23:59:59.9990000\"", "D7 4A F0 98 69 2A C9 00 00 00" },
        { "1.00", "D8 4B 00 00 02 00 00 00 00 00 64 00 00 00 00 00 00 00" },
        { "-0.0001", "D8 4B 00 00 04 80 00 00 00 00 01 00 00 00 00 00 00 00" },
        { "\"00112233-4455-6677-8899-aabbccddeeff\"", "D8 4C 33 22 11 00 55 44 77 66 88 99 AA BB CC DD EE FF" },
    };

    [Theory]
    [MemberData(nameof(Scalars))]
    public void MessagePackToJson_ScalarExtension_WritesItReadably(string expected, string payload)
    {
        ToJson(Convert.FromHexString(payload.Replace(" ", string.Empty, StringComparison.Ordinal))).Should().Be(expected);
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void Convert_ScalarExtensionWithMaxItems_IsNeverCutShort(string expected, string payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ContentConverter.Convert(new ReadOnlySequence<byte>(Convert.FromHexString(payload.Replace(" ", string.Empty, StringComparison.Ordinal))), new LimitedValueSink(new JsonValueSink(writer), maxItems: 1));
        }

        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(expected);
    }

    [Theory]
    [InlineData("95 D4 56 C0 82 A2 49 64 01 A4 4E 61 6D 65 A1 61 92 02 A1 62 92 03 A1 63 92 04 A1 64", 2, "[{\"Id\":1,\"Name\":\"a\"},{\"Id\":2,\"Name\":\"b\"},\"... 2 more items\"]")]
    [InlineData("93 D4 56 C0 82 A2 49 64 01 A4 4E 61 6D 65 A1 61 92 02 A1 62", 1, "[{\"Id\":1,\"...\":\"1 more entry\"},\"... 1 more item\"]")]
    public void Convert_KeyedListWithMaxItems_CutsEveryRecordAsItsFirstMap(string payload, int maxItems, string expected)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ContentConverter.Convert(new ReadOnlySequence<byte>(Hex(payload)), new LimitedValueSink(new JsonValueSink(writer), maxItems));
        }

        Encoding.UTF8.GetString(buffer.WrittenSpan).Should().Be(expected);
    }

    [Fact]
    public void Convert_ScalarsToMessagePack_WritesATimestampAndStrings()
    {
        var time = new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);
        var payload = Convert.FromHexString(
            "95" + "D7460040991ACA4ADF48" + "D84B00000200000000006400000000000000" + "D84C33221100554477668899AABBCCDDEEFF" + "D64800E9A435" + "D649684A0B00");
        using var output = new MemoryStream();
        var sink = new MessagePackValueSink(output);

        ContentConverter.Convert(new ReadOnlySequence<byte>(payload), sink);
        sink.Flush();

        var reader = new MessagePackReader(output.ToArray());
        reader.ReadArrayHeader().Should().Be(5);
        reader.ReadDateTime().Should().Be(time);
        reader.ReadString().Should().Be("1.00");
        reader.ReadString().Should().Be("00112233-4455-6677-8899-aabbccddeeff");
        reader.ReadString().Should().Be("00:01:30");
        reader.ReadString().Should().Be("2026-11-25");
        reader.End.Should().BeTrue();
    }

    /// <summary>Pickle records the library's own readers reject, with their message.</summary>
    public static TheoryData<string, string> RejectedRecords => new()
    {
        { "C7 05 52 A4 4E 6F 70 65", "comparer named 'Nope'" },
        { "D4 52 01", "comparer" },
        { "D4 49 FF", "day number -1 is outside" },
        { "C7 03 46 00 00 00", "extension 70 of 1, 2, 4 or 8 bytes" },
        { "D8 4B 00 00 1D 00 00 00 00 00 00 00 00 00 00 00 00 00", "gives scale 29" },
        { "C7 0A 47 00 40 99 1A CA 4A DF 08 84 03", "beyond 14 hours" },
    };

    [Theory]
    [MemberData(nameof(RejectedRecords))]
    public void MessagePackToJson_RecordTheLibraryRejects_ThrowsTheLibrarysMessage(string payload, string message)
    {
        var error = Record.Exception(() => ToJson(Convert.FromHexString(payload.Replace(" ", string.Empty, StringComparison.Ordinal))));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void Convert_BlitNestedDeeperThanTheLimit_Throws()
    {
        // A rank-255 blit (all lengths 0) inside enough arrays that its dimensions pass the depth limit.
        const byte Rank = 255;
        var data = new byte[2 + (8 * Rank)];
        data[0] = (byte)'i';
        data[1] = Rank;
        var outer = ContentConverter.MaxDepth - Rank + 1;
        var payload = Pack((ref MessagePackWriter w) =>
        {
            for (var i = 0; i < outer; i++)
            {
                w.WriteArrayHeader(1);
            }

            w.WriteExtensionFormat(new ExtensionResult(91, data));
        });

        var error = Record.Exception(() => ToJson(payload));

        error.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Contain("nested more than");
    }

    [Fact]
    public void MessagePackToJson_HeaderIdInAWiderEncoding_ReadsItAsTheLibraryDoes()
    {
        var payload = WithHeader(Pack((ref MessagePackWriter w) => w.WriteUInt64(5)), Nil, (ref MessagePackWriter w) => w.Write(1));

        ToJson(payload).Should().Be("{\"$id\":5,\"$value\":1}");
    }

    private static string ToJson(byte[] payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ContentConverter.MessagePackToJson(new ReadOnlySequence<byte>(payload), writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static byte[] Blit(sbyte extension, char code, byte[] data) =>
        Pack((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(extension, (byte[])[(byte)code, .. data])));

    private static byte[] Nil => [0xC0];

    /// <summary>The mark a list whose field keys are written once starts with: <c>ext 86</c> holding nil.</summary>
    private static byte[] KeysOnceMark => Hex("D4 56 C0");

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", string.Empty, StringComparison.Ordinal));

    private static byte[] Int(int value) => Pack((ref MessagePackWriter w) => w.Write(value));

    private static byte[] Str(string value) => Pack((ref MessagePackWriter w) => w.Write(value));

    /// <summary>A value with a header, <c>[ext 80 [id, type], contents]</c>; <paramref name="extra"/> adds a third value to the header body.</summary>
    private static byte[] WithHeader(byte[] id, byte[] type, WriteAction contents, bool extra = false)
    {
        byte[] body = extra ? [.. id, .. type, 0xC0] : [.. id, .. type];
        return Pack((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteExtensionFormat(new ExtensionResult(80, body));
            contents(ref w);
        });
    }

    internal static byte[] Pack(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
