using System.Buffers.Binary;
using System.IO.Hashing;
using Pickling.Internal;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class FrameHeaderVersion2Tests
{
    public static TheoryData<long, int> Lengths => new()
    {
        { 0, 1 },
        { 1, 1 },
        { 127, 1 },
        { 128, 2 },
        { 16_383, 2 },
        { 16_384, 3 },
        { int.MaxValue, 5 },
        { 4L << 30, 5 },
        { long.MaxValue, 9 },
    };

    [Fact]
    public void Write_SmallMessagePackPayload_IsTwelveBytesAsFormatMdLaysThemOut()
    {
        var buffer = new byte[FrameHeader.MaxLength];

        var length = FrameHeader.Write(buffer, 0, "msgpack", 7);

        length.Should().Be(12);
        buffer.Take(8).Should().Equal(0x89, 0x50, 0x4B, 0x4C, 0x05, 0x00, 0x01, 0x07);
        BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(8)).Should().Be(Crc32.HashToUInt32(buffer.AsSpan(0, 8)));
    }

    [Fact]
    public void Write_FormatWithoutACode_WritesZeroThenTheName()
    {
        var buffer = new byte[FrameHeader.MaxLength];

        var length = FrameHeader.Write(buffer, 0, "csv", 300);
        var header = FrameHeader.Parse(buffer.AsSpan(0, length), long.MaxValue);

        buffer.Skip(6).Take(7).Should().Equal(0x00, 0x03, (byte)'c', (byte)'s', (byte)'v', 0xAC, 0x02);
        header.Format.Should().Be("csv");
        header.PayloadLength.Should().Be(300);
        header.Version.Should().Be(FrameHeader.CurrentVersion);
        header.TypeName.Should().BeEmpty();
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Write_ThenParse_GivesThePayloadLengthInItsShortestForm(long payloadLength, int lengthBytes)
    {
        var buffer = new byte[FrameHeader.MaxLength];

        var length = FrameHeader.Write(buffer, FrameHeader.SignedFlag, "json", payloadLength);
        var header = FrameHeader.Parse(buffer.AsSpan(0, length), long.MaxValue);

        length.Should().Be(7 + lengthBytes + 4);
        header.PayloadLength.Should().Be(payloadLength);
        header.Format.Should().Be("json");
        header.IsSigned.Should().BeTrue();
    }

    [Fact]
    public void Parse_LengthNotInItsShortestForm_ThrowsDamaged()
    {
        var header = Sealed(0x89, 0x50, 0x4B, 0x4C, 0x02, 0x00, 0x01, 0x85, 0x00);

        FluentActions.Invoking(() => FrameHeader.Parse(header, long.MaxValue)).Should().Throw<PickleDamagedException>().WithMessage("*shortest form*");
    }

    [Fact]
    public void BytesNeeded_LengthOfTenBytes_ThrowsDamaged()
    {
        byte[] bytes = [0x89, 0x50, 0x4B, 0x4C, 0x02, 0x00, 0x01, .. Enumerable.Repeat((byte)0xFF, 10)];

        FluentActions.Invoking(() => FrameHeader.BytesNeeded(bytes)).Should().Throw<PickleDamagedException>().WithMessage("*over 9 bytes*");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(0xFF)]
    public void BytesNeeded_UnknownFormatCode_ThrowsPickleExceptionNamingIt(byte code)
    {
        byte[] bytes = [0x89, 0x50, 0x4B, 0x4C, 0x02, 0x00, code];

        FluentActions.Invoking(() => FrameHeader.BytesNeeded(bytes)).Should().Throw<PickleException>().WithMessage($"*format code {code}*newer*");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(33)]
    public void BytesNeeded_FormatNameLengthOutOfRange_ThrowsDamaged(byte formatLength)
    {
        byte[] bytes = [0x89, 0x50, 0x4B, 0x4C, 0x02, 0x00, 0x00, formatLength];

        FluentActions.Invoking(() => FrameHeader.BytesNeeded(bytes)).Should().Throw<PickleDamagedException>().WithMessage("*format name length*");
    }

    [Fact]
    public void Parse_FormatNameNotPrintable_ThrowsDamaged()
    {
        var header = Sealed(0x89, 0x50, 0x4B, 0x4C, 0x02, 0x00, 0x00, 0x02, (byte)'a', 0x20, 0x00);

        FluentActions.Invoking(() => FrameHeader.Parse(header, long.MaxValue)).Should().Throw<PickleDamagedException>().WithMessage("*printable*");
    }

    [Fact]
    public void IsStartOfHeader_EveryPrefixOfAVersion2Header_IsTrue()
    {
        var buffer = new byte[FrameHeader.MaxLength];
        var length = FrameHeader.Write(buffer, 0, "named", 1L << 50);

        for (var prefix = 1; prefix < length; prefix++)
        {
            FrameHeader.IsStartOfHeader(buffer.AsSpan(0, prefix)).Should().BeTrue($"the first {prefix} bytes of a header start one");
        }

        FrameHeader.IsStartOfHeader(buffer.AsSpan(0, length)).Should().BeFalse("a whole header is not cut short");
    }

    [Fact]
    public void DumpToBytes_SmallValues_CostAtMost24BytesOfFrameAndTheTinyListAtMost28()
    {
        var tiny = Pickle.DumpToBytes(new List<int> { 1, 2, 3 });
        var number = Pickle.DumpToBytes(42);

        tiny.Length.Should().BeLessThanOrEqualTo(28);
        (number.Length - 1).Should().BeLessThanOrEqualTo(24, "an int of 42 is one byte of MessagePack");
        (tiny.Length - 4).Should().BeLessThanOrEqualTo(24, "[1, 2, 3] is four bytes of MessagePack");
        new FrameBytes(tiny).TypeName.Should().Be("System.Collections.Generic.List<System.Int32>");
    }

    private static byte[] Sealed(params byte[] fields)
    {
        var header = new byte[fields.Length + 4];
        fields.CopyTo(header, 0);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(fields.Length), Crc32.HashToUInt32(fields));
        return header;
    }
}
