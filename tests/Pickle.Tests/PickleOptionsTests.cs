namespace Pickling.Tests;

public class PickleOptionsTests
{
    [Fact]
    public void Default_UsesMessagePackAndDefaultLimits()
    {
        var options = PickleOptions.Default;

        options.Serializer.Should().BeOfType<MessagePackPickleSerializer>();
        options.Serializer.Format.Should().Be("msgpack");
        options.MaxPayloadSize.Should().Be(PickleOptions.DefaultMaxPayloadSize).And.Be(4L * 1024 * 1024 * 1024);
        options.MaxDepth.Should().Be(PickleOptions.DefaultMaxDepth);
    }

    [Fact]
    public void Default_IsTheSameInstanceEveryTime() => PickleOptions.Default.Should().BeSameAs(PickleOptions.Default);

    [Fact]
    public void With_ChangesTheCopyOnly()
    {
        var json = new SystemTextJsonPickleSerializer();

        var changed = PickleOptions.Default with { Serializer = json, MaxDepth = 7, MaxPayloadSize = 1024 };

        changed.Serializer.Should().BeSameAs(json);
        changed.MaxDepth.Should().Be(7);
        changed.MaxPayloadSize.Should().Be(1024);
        PickleOptions.Default.Serializer.Should().BeOfType<MessagePackPickleSerializer>();
        PickleOptions.Default.MaxDepth.Should().Be(PickleOptions.DefaultMaxDepth);
        PickleOptions.Default.MaxPayloadSize.Should().Be(PickleOptions.DefaultMaxPayloadSize);
    }

    [Fact]
    public void Equality_SameSettings_AreEqual()
    {
        var serializer = new MessagePackPickleSerializer();

        (new PickleOptions { Serializer = serializer, MaxDepth = 3 } == new PickleOptions { Serializer = serializer, MaxDepth = 3 }).Should().BeTrue();
        (PickleOptions.Default with { MaxDepth = 3 }).Should().NotBe(PickleOptions.Default);
    }

    [Fact]
    public void Serializer_Null_ThrowsArgumentNullException() =>
        FluentActions.Invoking(() => PickleOptions.Default with { Serializer = null! }).Should().Throw<ArgumentNullException>();

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    [InlineData(long.MinValue)]
    public void MaxPayloadSize_NotPositive_ThrowsArgumentOutOfRangeException(long value) =>
        FluentActions.Invoking(() => new PickleOptions { MaxPayloadSize = value }).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    [InlineData(1L)]
    [InlineData(long.MaxValue)]
    public void MaxPayloadSize_Positive_IsKept(long value) => new PickleOptions { MaxPayloadSize = value }.MaxPayloadSize.Should().Be(value);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(10_001)]
    public void MaxDepth_OutOfRange_ThrowsArgumentOutOfRangeException(int value) =>
        FluentActions.Invoking(() => new PickleOptions { MaxDepth = value }).Should().Throw<ArgumentOutOfRangeException>();

    [Theory]
    [InlineData(1)]
    [InlineData(10_000)]
    public void MaxDepth_InRange_IsKept(int value) => new PickleOptions { MaxDepth = value }.MaxDepth.Should().Be(value);
}
