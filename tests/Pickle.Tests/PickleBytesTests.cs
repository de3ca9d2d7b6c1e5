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

        bytes.Take(6).Should().Equal(0x89, 0x50, 0x4B, 0x4C, 0x05, 0x00);
    }

    [Fact]
    public void DumpToBytes_SameValueTwice_GivesSameBytes() =>
        Pickle.DumpToBytes(new Order { Id = 1, Lines = ["x"] }).Should().Equal(Pickle.DumpToBytes(new Order { Id = 1, Lines = ["x"] }));

    public static readonly TheoryData<string> FrameKinds = ["plain", "signed", "compressed", "signed and compressed"];

    // DumpToBytes seals its one array in one pass and LoadFromBytes checks the frame where it lies; a stream's frame
    // is hashed as it is written and read. Both must be the same bytes, and each must load the other's.
    [Theory]
    [MemberData(nameof(FrameKinds))]
    public void DumpToBytes_AnyFrameKind_GivesTheBytesDumpWrites(string kind)
    {
        var options = OptionsFor(kind);
        var value = new Order { Id = 7, Lines = ["a", "b"] };
        using var stream = new MemoryStream();
        Pickle.Dump(value, stream, options);

        var bytes = Pickle.DumpToBytes(value, options);

        bytes.Should().Equal(stream.ToArray());
        Pickle.LoadFromBytes<Order>(stream.ToArray(), options).Should().BeEquivalentTo(value);
        Pickle.Load<Order>(new MemoryStream(bytes), options).Should().BeEquivalentTo(value);
    }

    [Theory]
    [MemberData(nameof(FrameKinds))]
    public void LoadFromBytes_AnyFrameKindWithOneBitFlipped_ThrowsPickleException(string kind)
    {
        var options = OptionsFor(kind);
        var bytes = Pickle.DumpToBytes(new Order { Id = 7, Lines = ["a", "b"] }, options);
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x10;

            FluentActions.Invoking(() => Pickle.LoadFromBytes<Order>(damaged, options)).Should().Throw<PickleException>($"byte {i} of {bytes.Length} was flipped");
        }
    }

    [Fact]
    public void LoadFromBytes_SignedOptionsUnsignedFrame_ThrowsPickleExceptionSayingNotSigned()
    {
        var bytes = Pickle.DumpToBytes(1);

        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>(bytes, OptionsFor("signed"))).Should().Throw<PickleException>().WithMessage("*not signed*");
    }

    // A load charges each collection's count to its budget; the collection is named in the error only.
    [Fact]
    public void LoadFromBytes_ListOverTheBudget_ThrowsPickleExceptionNamingTheList()
    {
        var bytes = Pickle.DumpToBytes(Enumerable.Range(0, 1000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList());

        FluentActions.Invoking(() => Pickle.LoadFromBytes<List<string>>(bytes, PickleOptions.Default with { MaxAllocation = 1000 }))
            .Should().Throw<PickleException>().WithMessage("*1,000 elements of a System.Collections.Generic.List<System.String>*");
    }

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

    private static PickleOptions OptionsFor(string kind) => PickleOptions.Default with
    {
        SigningKey = kind.Contains("signed", StringComparison.Ordinal) ? Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() : null,
        Compression = kind.Contains("compressed", StringComparison.Ordinal) ? PickleCompression.Zstd : null,
    };
}
