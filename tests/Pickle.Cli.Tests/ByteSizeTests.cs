namespace Pickling.Cli.Tests;

public sealed class ByteSizeTests
{
    [Theory]
    [InlineData("1", 1L)]
    [InlineData("67108864", 67_108_864L)]
    [InlineData("10B", 10L)]
    [InlineData("64MB", 64_000_000L)]
    [InlineData("64MiB", 64L << 20)]
    [InlineData("4gib", 4L << 30)]
    [InlineData(" 2 KiB ", 2048L)]
    [InlineData("3KB", 3000L)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("8TiB", 8L << 40)]
    [InlineData("9223372036854775807", long.MaxValue)]
    public void TryParse_Size_ReadsItsBytes(string text, long expected)
    {
        ByteSize.TryParse(text, out var bytes).Should().BeTrue();
        bytes.Should().Be(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("0MiB")]
    [InlineData("-5")]
    [InlineData("+5")]
    [InlineData("1.5GB")]
    [InlineData("abc")]
    [InlineData("12XB")]
    [InlineData("MiB")]
    [InlineData("9999999TiB")]
    [InlineData("9223372036854775808")]
    public void TryParse_NotASize_ReturnsFalse(string text)
    {
        ByteSize.TryParse(text, out _).Should().BeFalse();
    }
}
