using System.Text;
using Pickling.Internal;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class FrameHeaderTests
{
    [Fact]
    public void WriteVersion1_ThenParse_ReadsEveryField()
    {
        var buffer = new byte[FrameHeader.MaxLength];

        var length = FrameHeaderVersion1.Write(buffer, 0, "msgpack", "System.Int32", "1.2.3", 42);
        var header = FrameHeader.Parse(buffer.AsSpan(0, length), maxPayloadSize: 100);

        header.Format.Should().Be("msgpack");
        header.TypeName.Should().Be("System.Int32");
        header.WriterVersion.Should().Be("1.2.3");
        header.PayloadLength.Should().Be(42);
        header.Length.Should().Be(length);
        length.Should().Be(7 + 7 + 1 + 12 + 1 + 5 + 8 + 4);
    }

    [Theory]
    [InlineData("msgpack", 0L)]
    [InlineData("msgpack", 127L)]
    [InlineData("msgpack", 128L)]
    [InlineData("json", 16_383L)]
    [InlineData("json", 16_384L)]
    [InlineData("my-format", 1L << 40)]
    [InlineData("my-format", long.MaxValue)]
    public void LengthOf_AnyFormatAndPayloadLength_IsTheLengthWriteWrites(string format, long payloadLength)
    {
        var buffer = new byte[FrameHeader.MaxLength];

        var written = FrameHeader.Write(buffer, 0, format, payloadLength);

        FrameHeader.LengthOf(format, payloadLength).Should().Be(written);
        FrameHeader.BytesNeeded(buffer.AsSpan(0, written)).Should().Be(written);
    }

    [Fact]
    public void WriteVersion1_MatchesDocumentedLayout()
    {
        var buffer = new byte[FrameHeader.MaxLength];

        var length = FrameHeaderVersion1.Write(buffer, 0, "json", "T", "0.1.0", 0x0102);
        var bytes = buffer.AsSpan(0, length).ToArray();

        bytes.Take(7).Should().Equal(0x89, 0x50, 0x4B, 0x4C, 0x01, 0x00, 0x04);
        Encoding.ASCII.GetString(bytes, 7, 4).Should().Be("json");
        bytes[11].Should().Be(1);
        bytes[12].Should().Be((byte)'T');
        bytes[13].Should().Be(5);
        bytes.Skip(19).Take(8).Should().Equal(0x02, 0x01, 0, 0, 0, 0, 0, 0);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(bytes.AsSpan(0, 27));
        BitConverter.ToUInt32(bytes, 27).Should().Be(crc);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void BytesNeeded_GrowingPrefixOfHeader_AsksForMoreUntilComplete(int version)
    {
        var buffer = new byte[FrameHeader.MaxLength];
        var length = version == 1
            ? FrameHeaderVersion1.Write(buffer, 0, "msgpack", "Some.Type", "1.0.0", 1)
            : FrameHeader.Write(buffer, 0, "my-format", 1L << 40);

        var have = 0;
        var steps = 0;
        int needed;
        while ((needed = FrameHeader.BytesNeeded(buffer.AsSpan(0, have))) > have)
        {
            needed.Should().BeLessThanOrEqualTo(length, "a reader must never be asked to read past the header");
            have = needed;
            steps++;
        }

        have.Should().Be(length);
        steps.Should().BeGreaterThan(version == 1 ? 1 : 3, "a version-2 length is read a byte at a time");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void BytesNeeded_FormatNameLengthOutOfRange_ThrowsPickleException(byte formatLength)
    {
        byte[] bytes = [0x89, 0x50, 0x4B, 0x4C, 0x01, 0x00, formatLength];

        FluentActions.Invoking(() => FrameHeader.BytesNeeded(bytes)).Should().Throw<PickleException>().WithMessage("*format name length*");
    }

    [Fact]
    public void BytesNeeded_WriterVersionTooLong_ThrowsPickleException()
    {
        byte[] bytes = [0x89, 0x50, 0x4B, 0x4C, 0x01, 0x00, 0x01, (byte)'x', 0x00, 33];

        FluentActions.Invoking(() => FrameHeader.BytesNeeded(bytes)).Should().Throw<PickleException>().WithMessage("*writer version length*");
    }

    [Fact]
    public void BytesNeeded_WrongMagic_ThrowsAsSoonAsPrefixIsRead()
    {
        byte[] bytes = [0x89, 0x50, 0x4B, 0x00, 0x01, 0x00, 0x07];

        FluentActions.Invoking(() => FrameHeader.BytesNeeded(bytes)).Should().Throw<PickleException>().WithMessage("*not a pickle*");
    }

    [Fact]
    public void WriteVersion1_TypeNameOver255Bytes_IsCutAtCharacterBoundary()
    {
        var buffer = new byte[FrameHeader.MaxLength];
        var longName = new string('é', 200);

        var length = FrameHeaderVersion1.Write(buffer, 0, "msgpack", longName, "1.0.0", 0);
        var header = FrameHeader.Parse(buffer.AsSpan(0, length), long.MaxValue);

        header.TypeName.Should().Be(new string('é', 127));
        length.Should().BeLessThanOrEqualTo(FrameHeader.MaxLength);
    }

    [Fact]
    public void Parse_PayloadOverLimit_ThrowsPickleExceptionNamingLimit()
    {
        var buffer = new byte[FrameHeader.MaxLength];
        var length = FrameHeaderVersion1.Write(buffer, 0, "msgpack", "T", "1", 1001);

        FluentActions.Invoking(() => FrameHeader.Parse(buffer.AsSpan(0, length), 1000)).Should().Throw<PickleException>().WithMessage("*1,001*1,000*MaxPayloadSize*");
    }

    [Fact]
    public void Parse_MatchesIndependentReaderOnRealFrame()
    {
        var frame = FrameBytes.Of(new List<int> { 1 });

        var header = FrameHeader.Parse(frame.Bytes.AsSpan(0, frame.HeaderLength), long.MaxValue);

        header.Format.Should().Be(frame.Format);
        header.Version.Should().Be(5);
        header.TypeName.Should().BeEmpty("from version 2 on, the payload starts with the root type");
        frame.TypeName.Should().Be("System.Collections.Generic.List<System.Int32>");
        header.PayloadLength.Should().Be(frame.PayloadLength);
        frame.Bytes.Length.Should().Be(frame.HeaderLength + (int)frame.PayloadLength + 8);
    }
    [Fact]
    public void IsStartOfHeader_EveryPrefixOfARealHeader_IsTrue()
    {
        var frame = FrameBytes.Of("text");

        for (var length = 1; length < frame.HeaderLength; length++)
        {
            FrameHeader.IsStartOfHeader(frame.Bytes.AsSpan(0, length)).Should().BeTrue($"the first {length} bytes of a header start one");
        }
    }

    [Theory]
    [InlineData("61")]
    [InlineData("895041")]
    [InlineData("89504B4C06")]
    [InlineData("89504B4C0180")]
    [InlineData("89504B4C010000")]
    [InlineData("89504B4C010021")]
    public void IsStartOfHeader_BytesNoHeaderStartsWith_IsFalse(string hex)
    {
        FrameHeader.IsStartOfHeader(Convert.FromHexString(hex)).Should().BeFalse();
    }

    [Fact]
    public void IsStartOfHeader_WholeHeader_IsFalse()
    {
        var frame = FrameBytes.Of("text");

        FrameHeader.IsStartOfHeader(frame.Bytes.AsSpan(0, frame.HeaderLength)).Should().BeFalse("a whole header is not cut short");
    }

    [Fact]
    public void TryParse_RealFrame_GivesItsHeader()
    {
        var frame = FrameBytes.Of(new[] { 1, 2 });

        FrameHeader.TryParse(frame.Bytes, out var header).Should().BeTrue();

        header!.Length.Should().Be(frame.HeaderLength);
        header.FrameLength.Should().Be(frame.Bytes.Length);
    }

    [Fact]
    public void TryParse_HeaderCutShortOrDamaged_IsFalse()
    {
        var frame = FrameBytes.Of("text");
        var damaged = frame.Bytes.ToArray();
        damaged[frame.HeaderLength - 6] ^= 0x01;

        FrameHeader.TryParse(frame.Bytes.AsSpan(0, frame.HeaderLength - 1), out _).Should().BeFalse();
        FrameHeader.TryParse(damaged, out _).Should().BeFalse();
        FrameHeader.TryParse("not a pickle at all"u8, out _).Should().BeFalse();
    }
}
