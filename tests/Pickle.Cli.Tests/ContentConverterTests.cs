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

    public static TheoryData<byte[], string> Invalid => new()
    {
        { [], "empty" },
        { [0x93, 0x01], "end of" },
        { [0xC1], "byte 0xC1 at payload offset 0" },
        { [0x01, 0x02], "1 bytes follow" },
        { [.. Enumerable.Repeat((byte)0x91, ContentConverter.MaxDepth + 10), 0xC0], "nested more than" },
    };

    private delegate void WriteAction(ref MessagePackWriter writer);

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

    private static string ToJson(byte[] payload)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            ContentConverter.MessagePackToJson(new ReadOnlySequence<byte>(payload), writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static byte[] Pack(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
