using Pickling.Internal;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>Dump and Load on streams: framing, stream discipline and every way a frame can be wrong.</summary>
public class PickleTests
{
    private static readonly byte[] SampleFrame = Pickle.DumpToBytes(new Order { Id = 1, Customer = "Ada", Lines = ["x", "y"] });

    public static TheoryData<int> SampleFramePrefixLengths => new(Enumerable.Range(1, SampleFrame.Length - 1));

    [Fact]
    public void Dump_ThenLoad_ReturnsEqualList()
    {
        using var stream = new MemoryStream();

        Pickle.Dump(new List<int> { 1, 2, 3 }, stream);
        stream.Position = 0;

        Pickle.Load<List<int>>(stream).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Load_SeveralDumpsToOneStream_LoadsThemInOrder()
    {
        using var stream = new MemoryStream();
        Pickle.Dump(1, stream);
        Pickle.Dump("two", stream);
        Pickle.Dump(new List<double> { 3.0 }, stream);
        stream.Position = 0;

        Pickle.Load<int>(stream).Should().Be(1);
        Pickle.Load<string>(stream).Should().Be("two");
        Pickle.Load<List<double>>(stream).Should().Equal(3.0);
        stream.Position.Should().Be(stream.Length);
    }

    [Fact]
    public void Load_OneBytePerReadStream_ReadsExactlyItsFrameAndLeavesTheNextByte()
    {
        using var inner = new MemoryStream([.. SampleFrame, 0x2A]);
        var trickle = new TrickleStream(inner);

        var loaded = Pickle.Load<Order>(trickle);

        loaded.Lines.Should().Equal("x", "y");
        trickle.BytesRead.Should().Be(SampleFrame.Length);
        inner.ReadByte().Should().Be(0x2A);
    }

    [Fact]
    public void Load_LargePayloadOnNonSeekableStream_ReadsExactlyItsFrame()
    {
        var big = Enumerable.Range(0, 100_000).ToArray();
        var frame = Pickle.DumpToBytes(big);
        using var inner = new MemoryStream([.. frame, 0x2A]);
        var trickle = new TrickleStream(inner, maxRead: 4096);

        Pickle.Load<int[]>(trickle).Should().Equal(big);
        trickle.BytesRead.Should().Be(frame.Length);
        inner.ReadByte().Should().Be(0x2A);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(70_000)]
    public void Load_NonSeekableStreamWithPayloadUnder64KiB_DoesNotFailSizingItsReadBlock(int length)
    {
        var text = new string('p', length);
        using var inner = new MemoryStream(Pickle.DumpToBytes(text));

        Pickle.Load<string>(new TrickleStream(inner, maxRead: int.MaxValue)).Should().Be(text);
    }

    [Fact]
    public void Load_SeekableStream_LeavesPositionJustAfterFrame()
    {
        using var stream = new MemoryStream([.. SampleFrame, 0x2A, 0x2B]);

        Pickle.Load<Order>(stream);

        stream.Position.Should().Be(SampleFrame.Length);
    }

    [Fact]
    public void Dump_NonSeekableStream_WritesSameBytesAsDumpToBytes()
    {
        using var inner = new MemoryStream();

        Pickle.Dump(new Order { Id = 1, Customer = "Ada", Lines = ["x", "y"] }, new TrickleStream(inner));

        inner.ToArray().Should().Equal(SampleFrame);
    }

    [Fact]
    public void LoadAll_SeveralFramesOnTrickleStream_EnumeratesAllAndStopsAtCleanEnd()
    {
        using var inner = new MemoryStream();
        for (var i = 0; i < 5; i++)
        {
            Pickle.Dump(i * 10, inner);
        }

        inner.Position = 0;

        Pickle.LoadAll<int>(new TrickleStream(inner)).Should().Equal(0, 10, 20, 30, 40);
    }

    [Fact]
    public void LoadAll_EmptyStream_YieldsNothing()
    {
        using var stream = new MemoryStream();

        Pickle.LoadAll<int>(stream).Should().BeEmpty();
    }

    [Fact]
    public void LoadAll_LastFrameTruncated_ThrowsPickleExceptionAfterEarlierValues()
    {
        using var stream = new MemoryStream([.. Pickle.DumpToBytes(1), .. SampleFrame.AsSpan(0, SampleFrame.Length - 3)]);
        var seen = new List<int>();

        var act = () =>
        {
            foreach (var value in Pickle.LoadAll<int>(stream))
            {
                seen.Add(value);
            }
        };

        act.Should().Throw<PickleException>().Which.Should().NotBeOfType<PickleEndOfStreamException>();
        seen.Should().Equal(1);
    }

    [Fact]
    public void Load_PastLastObject_ThrowsPickleEndOfStreamException()
    {
        using var stream = new MemoryStream(SampleFrame);
        Pickle.Load<Order>(stream);

        var act = () => Pickle.Load<Order>(stream);

        act.Should().Throw<PickleEndOfStreamException>().WithMessage("*no more pickles*");
    }

    [Fact]
    public void Load_EmptyStream_ThrowsPickleEndOfStreamExceptionWhichIsAPickleException()
    {
        using var stream = new MemoryStream();

        var act = () => Pickle.Load<int>(stream);

        act.Should().Throw<PickleException>().Which.Should().BeOfType<PickleEndOfStreamException>();
    }

    [Fact]
    public void DumpAndLoad_CallersStream_IsNeverDisposed()
    {
        using var stream = new ProbeStream();

        Pickle.Dump(5, stream);
        stream.Position = 0;
        Pickle.Load<int>(stream);
        stream.Position = 0;
        Pickle.LoadAll<int>(stream).Should().Equal(5);

        stream.WasDisposed.Should().BeFalse();
    }

    [Fact]
    public void Load_FailingFrame_DoesNotDisposeStream()
    {
        using var stream = new ProbeStream();
        stream.Write([1, 2, 3, 4, 5, 6, 7, 8]);
        stream.Position = 0;

        FluentActions.Invoking(() => Pickle.Load<int>(stream)).Should().Throw<PickleException>();

        stream.WasDisposed.Should().BeFalse();
    }

    [Fact]
    public void Dump_NullStream_ThrowsArgumentNullException() =>
        FluentActions.Invoking(() => Pickle.Dump(1, null!)).Should().Throw<ArgumentNullException>().WithParameterName("stream");

    [Fact]
    public void Load_NullStream_ThrowsArgumentNullException() =>
        FluentActions.Invoking(() => Pickle.Load<int>(null!)).Should().Throw<ArgumentNullException>().WithParameterName("stream");

    [Fact]
    public void LoadAll_NullStream_ThrowsArgumentNullExceptionBeforeEnumerating() =>
        FluentActions.Invoking(() => Pickle.LoadAll<int>(null!)).Should().Throw<ArgumentNullException>();

    [Fact]
    public void Dump_NonWritableStream_ThrowsArgumentException()
    {
        using var stream = new ProbeStream(canWrite: false);

        FluentActions.Invoking(() => Pickle.Dump(1, stream)).Should().Throw<ArgumentException>().WithMessage("*not writable*");
    }

    [Fact]
    public void Load_NonReadableStream_ThrowsArgumentException()
    {
        using var stream = new ProbeStream(canRead: false);

        FluentActions.Invoking(() => Pickle.Load<int>(stream)).Should().Throw<ArgumentException>().WithMessage("*not readable*");
    }

    [Fact]
    public void LoadAll_NonReadableStream_ThrowsArgumentExceptionBeforeEnumerating()
    {
        using var stream = new ProbeStream(canRead: false);

        FluentActions.Invoking(() => Pickle.LoadAll<int>(stream)).Should().Throw<ArgumentException>();
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x04, 0x95, 0x00, 0x00, 0x00, 0x00, 0x00 }, "*not a pickle*Python pickle*")]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'1', (byte)'}' }, "*not a pickle*JSON*")]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, "*not a pickle*89504E47*")]
    public void Load_BadMagic_ThrowsPickleExceptionSayingNotAPickle(byte[] data, string message)
    {
        using var stream = new MemoryStream(data);

        FluentActions.Invoking(() => Pickle.Load<int>(stream)).Should().Throw<PickleException>().WithMessage(message);
    }

    [Theory]
    [MemberData(nameof(SampleFramePrefixLengths))]
    public void Load_FrameTruncatedAtAnyLength_ThrowsPickleException(int length)
    {
        using var seekable = new MemoryStream(SampleFrame, 0, length);
        using var trickling = new MemoryStream(SampleFrame, 0, length);

        FluentActions.Invoking(() => Pickle.Load<Order>(seekable)).Should().Throw<PickleException>()
            .Which.Should().NotBeOfType<PickleEndOfStreamException>();
        FluentActions.Invoking(() => Pickle.Load<Order>(new TrickleStream(trickling))).Should().Throw<PickleException>()
            .Which.Should().NotBeOfType<PickleEndOfStreamException>();
    }

    [Fact]
    public void Load_PayloadLengthBeyondStream_ThrowsPickleExceptionSayingCutShort()
    {
        var frame = new FrameBytes((byte[])SampleFrame.Clone());
        // One byte more than the stream holds (in the length's own bytes, so nothing moves).
        frame.PayloadLength += 1;
        frame.FixHeaderCrc();

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(frame.Bytes))).Should().Throw<PickleException>().WithMessage("*cut short*");
        FluentActions.Invoking(() => Pickle.Load<Order>(new TrickleStream(new MemoryStream(frame.Bytes)))).Should().Throw<PickleException>().WithMessage("*cut short*");
    }

    [Fact]
    public void Load_NegativePayloadLength_ThrowsPickleException()
    {
        var frame = new FrameBytes(RawFrames.Build(RawFrames.PayloadOf(SampleFrame)));
        frame.PayloadLength = -1;
        frame.FixHeaderCrc();

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(frame.Bytes))).Should().Throw<PickleException>().WithMessage("*negative*");
    }

    [Fact]
    public void Load_PayloadByteFlipped_ThrowsPickleExceptionSayingChecksum()
    {
        var frame = new FrameBytes((byte[])SampleFrame.Clone());
        frame.Bytes[frame.PayloadOffset + 3] ^= 0x01;

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(frame.Bytes))).Should().Throw<PickleException>().WithMessage("*damaged*checksum does not match*");
    }

    [Fact]
    public void Load_TrailerByteFlipped_ThrowsPickleExceptionSayingChecksum()
    {
        var bytes = (byte[])SampleFrame.Clone();
        bytes[^1] ^= 0x80;

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(bytes))).Should().Throw<PickleException>().WithMessage("*checksum does not match*");
    }

    [Fact]
    public void Load_HeaderByteFlipped_ThrowsPickleExceptionSayingHeaderChecksum()
    {
        var frame = new FrameBytes((byte[])SampleFrame.Clone());
        frame.Bytes[frame.PayloadLengthOffset - 2] ^= 0x01;

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(frame.Bytes))).Should().Throw<PickleException>().WithMessage("*header checksum does not match*");
    }

    [Fact]
    public void Load_UnknownVersionByte_ThrowsPickleExceptionNamingVersion()
    {
        var bytes = (byte[])SampleFrame.Clone();
        bytes[4] = (byte)(FrameHeader.CurrentVersion + 1);

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(bytes))).Should().Throw<PickleException>().WithMessage("*version 6*versions 1 to 5*upgrade*");
    }

    [Theory]
    [InlineData(0x80)]
    [InlineData(0x08)]
    public void Load_UnknownFlagBits_ThrowsPickleException(byte flags)
    {
        var frame = new FrameBytes((byte[])SampleFrame.Clone());
        frame.Bytes[5] = flags;
        frame.FixHeaderCrc().FixTrailer();

        FluentActions.Invoking(() => Pickle.Load<Order>(new MemoryStream(frame.Bytes))).Should().Throw<PickleException>().WithMessage($"*flags 0x{flags:X2}*");
    }

    [Fact]
    public void Load_WrongTypeForT_ThrowsPickleExceptionNamingBothTypes()
    {
        using var stream = new MemoryStream(Pickle.DumpToBytes("text"));

        var act = () => Pickle.Load<Order>(stream);

        act.Should().Throw<PickleException>().WithMessage("The pickle holds a System.String; it cannot be loaded as a Pickling.Tests.Models.Order*");
    }

    [Fact]
    public void Load_JsonFrameWithMessagePackOptions_ThrowsPickleExceptionNamingBothFormats()
    {
        var json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        using var stream = new MemoryStream(Pickle.DumpToBytes(new List<int> { 1 }, json));

        var act = () => Pickle.Load<List<int>>(stream, PickleOptions.Default with { Serializer = new MessagePackPickleSerializer() });

        act.Should().Throw<PickleException>().WithMessage("*'json'*'msgpack'*");
    }

    [Fact]
    public void Load_JsonFrameWithoutOptions_ReadsWithJsonSerializer()
    {
        var json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        using var stream = new MemoryStream(Pickle.DumpToBytes(new List<int> { 1, 2 }, json));

        Pickle.Load<List<int>>(stream).Should().Equal(1, 2);
    }

    [Fact]
    public void Dump_CustomSerializer_RoundTripsAndWritesItsFormatName()
    {
        var options = PickleOptions.Default with { Serializer = new TextSerializer() };
        using var stream = new MemoryStream();

        Pickle.Dump("héllo\0😀", stream, options);
        var frame = new FrameBytes(stream.ToArray());
        stream.Position = 0;

        frame.Format.Should().Be("test-utf8");
        frame.Bytes.AsSpan(frame.PayloadOffset, (int)frame.PayloadLength).ToArray().Should().Equal(System.Text.Encoding.UTF8.GetBytes("héllo\0😀"));
        Pickle.Load<string>(stream, options).Should().Be("héllo\0😀");
    }

    [Fact]
    public void Load_CustomFormatWithoutOptions_ThrowsPickleExceptionNamingBothFormats()
    {
        using var stream = new MemoryStream(Pickle.DumpToBytes("x", PickleOptions.Default with { Serializer = new TextSerializer() }));

        FluentActions.Invoking(() => Pickle.Load<string>(stream)).Should().Throw<PickleException>().WithMessage("*'test-utf8'*'msgpack'*");
    }

    [Theory]
    [InlineData("")]
    [InlineData("a-format-name-of-forty-characters-long!!")]
    [InlineData("has space")]
    [InlineData("naïve")]
    public void Dump_SerializerWithInvalidFormatName_ThrowsPickleException(string format)
    {
        var options = PickleOptions.Default with { Serializer = new TextSerializer(format) };

        FluentActions.Invoking(() => Pickle.Dump("x", new MemoryStream(), options)).Should().Throw<PickleException>().WithMessage("*format name*");
    }

    [Fact]
    public void Dump_SerializerThrows_ThrowsPickleExceptionWithInnerException()
    {
        var options = PickleOptions.Default with { Serializer = new ThrowingSerializer(() => new InvalidOperationException("boom")) };
        using var stream = new MemoryStream();

        var act = () => Pickle.Dump(1, stream, options);

        act.Should().Throw<PickleException>().WithMessage("*boom*").WithInnerException<InvalidOperationException>();
        stream.Length.Should().Be(0, "nothing is written when the value cannot be dumped");
    }

    [Fact]
    public void Load_SerializerThrows_ThrowsPickleExceptionWithInnerException()
    {
        var options = PickleOptions.Default with { Serializer = new ThrowingSerializer(() => new FormatException("bad payload")) };
        using var stream = new MemoryStream(Pickle.DumpToBytes(1));

        var act = () => Pickle.Load<int>(stream, options);

        act.Should().Throw<PickleException>().WithMessage("*bad payload*").WithInnerException<FormatException>();
    }

    [Fact]
    public void Dump_SerializerThrowsIOException_LetsIOExceptionThrough()
    {
        var options = PickleOptions.Default with { Serializer = new ThrowingSerializer(() => new IOException("disk")) };

        FluentActions.Invoking(() => Pickle.Dump(1, new MemoryStream(), options)).Should().Throw<IOException>();
    }

    [Fact]
    public void Load_PayloadOverMaxPayloadSize_ThrowsBeforeReadingPayload()
    {
        var frame = new FrameBytes(Pickle.DumpToBytes(new string('x', 1000)));
        var trickle = new TrickleStream(new MemoryStream(frame.Bytes));

        var act = () => Pickle.Load<string>(trickle, PickleOptions.Default with { MaxPayloadSize = 100 });

        act.Should().Throw<PickleException>().WithMessage("*MaxPayloadSize*");
        trickle.BytesRead.Should().Be(frame.HeaderLength);
    }

    [Fact]
    public void Load_PayloadAtMaxPayloadSize_Loads()
    {
        var frame = new FrameBytes(Pickle.DumpToBytes(new string('x', 1000)));

        Pickle.Load<string>(new MemoryStream(frame.Bytes), PickleOptions.Default with { MaxPayloadSize = frame.PayloadLength }).Should().HaveLength(1000);
    }

    [Fact]
    public async Task DumpAndLoad_ManyTasksSharingOptions_EachGetsItsOwnValue()
    {
        var json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer(), MaxDepth = 64 };
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 32).Select(i => Task.Run(() =>
        {
            start.Wait();
            var options = i % 2 == 0 ? PickleOptions.Default : json;
            for (var round = 0; round < 20; round++)
            {
                var item = new ParallelItem(i * 1000 + round, $"n{i}", [.. Enumerable.Repeat(i + 0.5m, round)], new DateTime(2020, 1, 1, 0, 0, round, DateTimeKind.Utc), (i, $"t{round}"));
                using var stream = new MemoryStream();
                Pickle.Dump(item, stream, options);
                Pickle.Dump(new Dictionary<(int, int), int> { [(i, round)] = i }, stream);
                stream.Position = 0;
                Pickle.Load<ParallelItem>(stream, options).Should().BeEquivalentTo(item);
                Pickle.Load<Dictionary<(int, int), int>>(stream)[(i, round)].Should().Be(i);
            }
        }));

        start.Set();
        await Task.WhenAll(tasks);
    }
}
