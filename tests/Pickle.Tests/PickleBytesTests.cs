using Pickling.Tests.Models;

namespace Pickling.Tests;

/// <summary>DumpToBytes and LoadFromBytes: exactly one frame per buffer.</summary>
public class PickleBytesTests
{
    [Fact]
    public void DumpToBytes_ThenLoadFromBytes_RoundTrips()
    {
        var bytes = Pickle.DumpToBytes(new Money(2.500m, "GBP"));

        var loaded = Pickle.LoadFromBytes<Money>(bytes);

        loaded.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("2.500");
        loaded.Currency.Should().Be("GBP");
    }

    [Fact]
    public void DumpToBytes_StartsWithMagicAndVersion()
    {
        var bytes = Pickle.DumpToBytes(1);

        bytes.Take(6).Should().Equal(0x89, 0x50, 0x4B, 0x4C, 0x03, 0x00);
    }

    [Fact]
    public void DumpToBytes_SameValueTwice_GivesSameBytes() =>
        Pickle.DumpToBytes(new Order { Id = 1, Lines = ["x"] }).Should().Equal(Pickle.DumpToBytes(new Order { Id = 1, Lines = ["x"] }));

    [Fact]
    public void LoadFromBytes_SliceOfLargerArray_LoadsOnlyTheSlice()
    {
        var frame = Pickle.DumpToBytes("slice");
        var padded = new byte[frame.Length + 10];
        frame.CopyTo(padded, 5);

        Pickle.LoadFromBytes<string>(padded.AsMemory(5, frame.Length)).Should().Be("slice");
    }

    [Fact]
    public void LoadFromBytes_TrailingBytes_ThrowsPickleExceptionSayingMoreBytes()
    {
        byte[] bytes = [.. Pickle.DumpToBytes(1), 0x00, 0x01];

        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>(bytes)).Should().Throw<PickleException>().WithMessage("*2 more bytes*LoadAll*");
    }

    [Fact]
    public void LoadFromBytes_TwoFrames_ThrowsPickleException()
    {
        byte[] bytes = [.. Pickle.DumpToBytes(1), .. Pickle.DumpToBytes(2)];

        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>(bytes)).Should().Throw<PickleException>().WithMessage("*more bytes after its pickle*");
    }

    [Fact]
    public void LoadFromBytes_Empty_ThrowsPickleExceptionSayingEmpty() =>
        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>(ReadOnlyMemory<byte>.Empty)).Should().Throw<PickleException>()
            .WithMessage("*empty*").Which.Should().NotBeOfType<PickleEndOfStreamException>();

    [Fact]
    public void LoadFromBytes_NotAPickle_ThrowsPickleException() =>
        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>("hello world"u8.ToArray())).Should().Throw<PickleException>().WithMessage("*not a pickle*");

    [Fact]
    public void LoadFromBytes_WrongType_ThrowsPickleExceptionWithInnerException() =>
        FluentActions.Invoking(() => Pickle.LoadFromBytes<Guid>(Pickle.DumpToBytes(new List<string> { "a" }))).Should().Throw<PickleException>()
            .WithMessage("*List<System.String>*cannot be loaded as a System.Guid*");
}
