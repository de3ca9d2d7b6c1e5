using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

public sealed class PayloadWindowTests
{
    [Theory]
    [MemberData(nameof(ContentConverterTests.Values), MemberType = typeof(ContentConverterTests))]
    [MemberData(nameof(ContentConverterTests.PickleExtensions), MemberType = typeof(ContentConverterTests))]
    public void Convert_ThroughAWindowOverOneByteReads_WritesWhatTheConverterWritesInMemory(string expected, byte[] payload)
    {
        var (json, _) = ConvertThroughWindow(new TrickleStream(new MemoryStream(payload)), payload.Length);

        json.Should().Be(expected);
    }

    [Fact]
    public void Convert_ValuesLargerThanTheWindow_ComeOutWholeAndTheWindowGrowsToTheLargest()
    {
        var text = new string('x', 3 * PayloadWindow.Lookahead);
        var bytes = Enumerable.Range(0, 5 * PayloadWindow.Lookahead).Select(i => (byte)i).ToArray();
        var payload = ContentConverterTests.Pack((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(3);
            w.Write(text);
            w.Write(bytes);
            w.Write(7);
        });

        var (json, window) = ConvertThroughWindow(new TrickleStream(new MemoryStream(payload), maxRead: 1000), payload.Length);

        json.Should().Be($"[\"{text}\",\"{Convert.ToBase64String(bytes)}\",7]");
        window.Should().BeInRange(bytes.Length, payload.Length);
    }

    [Fact]
    public void Convert_WithMaxItems_ReadsPastWhatItLeavesOutWithoutHoldingIt()
    {
        // A million elements, and left out after the first three, strings, binaries and extensions each larger than
        // the window, nested in arrays and maps: none of them is held, so the window never grows.
        var large = new string('y', 8 * PayloadWindow.Lookahead);
        var payload = ContentConverterTests.Pack((ref MessagePackWriter w) =>
        {
            w.WriteMapHeader(2);
            w.Write("numbers");
            w.WriteArrayHeader(1_000_000);
            for (var i = 0; i < 1_000_000; i++)
            {
                w.Write(i);
            }

            w.Write("rest");
            w.WriteArrayHeader(5);
            w.Write(1);
            w.WriteNil();
            w.Write(true);
            w.WriteArrayHeader(2);
            w.Write(large);
            w.WriteMapHeader(1);
            w.Write(large);
            w.Write(Encoding.UTF8.GetBytes(large));
            w.WriteExtensionFormat(new ExtensionResult(7, Encoding.UTF8.GetBytes(large)));
        });

        var (json, window) = ConvertThroughWindow(new MemoryStream(payload), payload.Length, maxItems: 3);

        json.Should().Be("{\"numbers\":[0,1,2,\"... 999,997 more items\"],\"rest\":[1,null,true,\"... 2 more items\"]}");
        window.Should().BeLessThanOrEqualTo(4 * PayloadWindow.Lookahead);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(30_000)]
    public void Convert_LongStringWithMaxItems_ShowsItsStartAndCountsTheRestWithoutHoldingIt(int maxItems)
    {
        // Characters of 1, 2, 3 and 4 UTF-8 bytes (the last two UTF-16 characters), and an invalid byte, as U+FFFD.
        var text = string.Concat(Enumerable.Repeat("Grüße, 世界! 😀", 40_000));
        var bytes = Encoding.UTF8.GetBytes(text);
        bytes[100_001] = 0xFF;
        var payload = ContentConverterTests.Pack((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteString(bytes);
            w.Write("short");
        });
        var decoded = Encoding.UTF8.GetString(bytes);

        var (json, window) = ConvertThroughWindow(new TrickleStream(new MemoryStream(payload), maxRead: 5000), payload.Length, maxItems);

        var shown = LimitedValueSink.Cut(decoded, maxItems);
        json.Should().Be($"[{JsonSerializer.Serialize(shown)},{JsonSerializer.Serialize(LimitedValueSink.Cut("short", maxItems))}]");
        window.Should().BeLessThanOrEqualTo(Math.Max(4 * PayloadWindow.Lookahead, (3 * maxItems) + 3 + PayloadWindow.Lookahead));
    }

    [Fact]
    public void Convert_MapWithKeysAfterValuesAsLargeAsTheWindow_ReadsEveryKey()
    {
        var payload = ContentConverterTests.Pack((ref MessagePackWriter w) =>
        {
            // Every value but the last fills the window (read a byte at a time), so that the key after it is not in it.
            w.WriteMapHeader(20);
            for (var i = 0; i < 20; i++)
            {
                w.Write($"key {i}");
                w.Write(i == 19 ? "last" : new string((char)('a' + i), PayloadWindow.Lookahead + i));
            }
        });

        var (json, _) = ConvertThroughWindow(new TrickleStream(new MemoryStream(payload)), payload.Length);

        var expected = Enumerable.Range(0, 20).Select(i => $"\"key {i}\":\"{(i == 19 ? "last" : new string((char)('a' + i), PayloadWindow.Lookahead + i))}\"");
        json.Should().Be("{" + string.Join(",", expected) + "}");
    }

    [Fact]
    public void Convert_LongStringLongerThanThePayloadWithMaxItems_ThrowsEndOfStream()
    {
        // A str 32 of 1,000,000 bytes, of which 100,000 are there.
        byte[] payload = [0xDB, 0x00, 0x0F, 0x42, 0x40, .. new byte[100_000]];

        var act = () => ConvertThroughWindow(new MemoryStream(payload), payload.Length, maxItems: 3);

        act.Should().Throw<EndOfStreamException>().WithMessage("a string at payload offset 0 takes 1,000,000 bytes, more than the payload has left");
    }

    [Fact]
    public void Convert_ArrayClaimingMoreElementsThanThePayloadHolds_ThrowsEndOfStream()
    {
        byte[] payload = [0xDD, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02];

        var act = () => ConvertThroughWindow(new MemoryStream(payload), payload.Length);

        act.Should().Throw<EndOfStreamException>().WithMessage("the payload ends before the 65,536 elements of an array at payload offset 5");
    }

    [Fact]
    public void Convert_LeftOutStringLongerThanThePayload_ThrowsEndOfStream()
    {
        // Two elements, the second a str 16 of 1,000 bytes of which only three are there.
        byte[] payload = [0x92, 0x01, 0xDA, 0x03, 0xE8, (byte)'a', (byte)'b', (byte)'c'];

        var act = () => ConvertThroughWindow(new MemoryStream(payload), payload.Length, maxItems: 1);

        act.Should().Throw<EndOfStreamException>().WithMessage("a value at payload offset 2 takes 1,003 bytes, more than the payload has left");
    }

    [Fact]
    public void Open_StreamEndingBeforeThePayloadsLength_ThrowsEndOfStream()
    {
        using var window = new PayloadWindow(new MemoryStream([0x01, 0x02]), length: 10);

        Action act = () => window.Open();

        act.Should().Throw<EndOfStreamException>().WithMessage("the payload's stream ended at payload offset 2, before its 10 bytes");
    }

    [Fact]
    public void Convert_ValueLargerThanAnArray_ThrowsBeforeAllocatingIt()
    {
        // A str 32 of 4 GiB - 1 bytes, in a payload long enough to hold it: more than one array can hold.
        var stream = new EndlessClaimStream([0xDB, 0xFF, 0xFF, 0xFF, 0xFF], fillerLength: 5L << 30);

        var act = () => ConvertThroughWindow(stream, 5 + (5L << 30));

        act.Should().Throw<InvalidOperationException>()
            .WithMessage("one value of the payload, at payload offset 0, takes 4,294,967,300 bytes, more than pickle can hold to show it");
    }

    /// <summary>The payload's one value as JSON, converted through a window over <paramref name="source"/>, and the largest the window grew.</summary>
    private static (string Json, int LargestWindow) ConvertThroughWindow(Stream source, long length, int? maxItems = null)
    {
        using var window = new PayloadWindow(source, length);
        var reader = window.Open();
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { MaxDepth = ContentConverter.MaxDepth + 2 }))
        {
            IValueSink sink = new JsonValueSink(writer);
            if (maxItems is { } limit)
            {
                sink = new LimitedValueSink(sink, limit);
            }

            new MessagePackConverter(sink, window: window).WriteValue(ref reader, 0);
        }

        window.AtEnd(reader).Should().BeTrue();
        return (Encoding.UTF8.GetString(buffer.WrittenSpan), window.LargestWindow);
    }
}
