namespace Pickling.Cli.Tests;

public sealed class ScannedFrameTests
{
    public static TheoryData<byte, string> Flags => new()
    {
        { 0x00, "0x00 (none)" },
        { 0x01, "0x01 (signed)" },
        { 0x02, "0x02 (LZ4-compressed)" },
        { 0x06, "0x06 (compressed with unknown codec 3)" },
        { 0x05, "0x05 (signed, Zstandard-compressed)" },
        { 0x81, "0x81 (signed, unknown bits 0x80)" },
    };

    [Theory]
    [MemberData(nameof(Flags))]
    public void DescribeFlags_FlagsByte_NamesEachBit(byte flags, string expected)
    {
        ScannedFrame.DescribeFlags(flags).Should().Be(expected);
    }
}
