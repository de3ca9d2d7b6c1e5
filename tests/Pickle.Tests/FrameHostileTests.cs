using Pickling.Internal;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>Damaged and hostile frames: the frame layer stops them before the serializer runs.</summary>
public class FrameHostileTests
{
    private const long AllocationBound = 4 * 1024 * 1024;

    [Fact]
    public void Load_BadMagic_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes(ZooValue.Sample());
        "%PDF"u8.CopyTo(frame);

        var act = () => Pickle.LoadFromBytes<ZooValue>(frame);

        act.Should().Throw<PickleException>().WithMessage("*not a pickle*");
    }

    [Fact]
    public void Load_UnknownVersion_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame([0x01]);
        frame[4] = (byte)(FrameHeader.CurrentVersion + 1);

        var act = () => Pickle.LoadFromBytes<int>(frame);

        act.Should().Throw<PickleException>().WithMessage("*version 6*");
    }

    [Fact]
    public void Load_UnknownFlags_ThrowsPickleException()
    {
        var header = FrameBuilder.Header("msgpack", "System.Int32", 1, flags: 0x80);
        byte[] frame = [.. header, 0x01, 0, 0, 0, 0, 0, 0, 0, 0];

        var act = () => Pickle.LoadFromBytes<int>(frame);

        act.Should().Throw<PickleException>().WithMessage("*flags*");
    }

    [Fact]
    public void Load_PayloadChecksumMismatch_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes(ZooValue.Sample());
        frame[FrameBuilder.PayloadOffset(frame) + 3] ^= 0x10;

        var act = () => Pickle.LoadFromBytes<ZooValue>(frame);

        act.Should().Throw<PickleException>().WithMessage("*checksum*");
    }

    [Fact]
    public void Load_HeaderChecksumMismatch_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes(42);
        frame[FrameBuilder.PayloadOffset(frame) - 5] ^= 0x01;

        var act = () => Pickle.LoadFromBytes<int>(frame);

        act.Should().Throw<PickleException>().WithMessage("*header checksum*");
    }

    [Theory]
    [InlineData(1L << 40)]
    [InlineData(long.MaxValue)] // once overflowed the remaining-bytes check and allocated 2 GiB
    [InlineData(-1L)]
    public void Load_LengthBeyondTheStream_ThrowsPickleExceptionWithoutAllocating(long declared)
    {
        var frame = FrameBuilder.Frame([0x01], declaredLength: declared);
        var options = PickleOptions.Default with { MaxPayloadSize = long.MaxValue };
        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>(frame, options)).Should().Throw<PickleException>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => Pickle.LoadFromBytes<int>(frame, options));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        error.Should().BeOfType<PickleDamagedException>();
        allocated.Should().BeLessThan(64 * 1024);
    }

    [Fact]
    public void Load_LengthOverMaxPayloadSize_ThrowsPickleExceptionNamingTheOption()
    {
        var frame = FrameBuilder.Frame(new byte[2000]);

        var act = () => Pickle.LoadFromBytes<byte[]>(frame, PickleOptions.Default with { MaxPayloadSize = 1000 });

        act.Should().Throw<PickleException>().WithMessage("*MaxPayloadSize*");
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1000L)]
    [InlineData(1_000_000L)]
    public void Load_NonSeekableStreamClaimingHugePayloadThenEnding_AllocatesOnlyWhatArrives(long delivered)
    {
        var header = FrameBuilder.Header("msgpack", "System.Object", PickleOptions.DefaultMaxPayloadSize);
        var (error, allocated) = Measure(() => Pickle.Load<object>(new EndlessClaimStream(header, delivered)));

        error.Should().BeOfType<PickleDamagedException>().Which.Message.Should().Contain("cut short");
        allocated.Should().BeLessThan(AllocationBound + (3 * delivered));
    }

    [Fact]
    public async Task LoadAsync_NonSeekableStreamClaimingHugePayloadThenEnding_ThrowsPickleException()
    {
        var header = FrameBuilder.Header("msgpack", "System.Object", PickleOptions.DefaultMaxPayloadSize);

        var act = async () => await Pickle.LoadAsync<object>(new EndlessClaimStream(header, 5000));

        await act.Should().ThrowAsync<PickleException>();
    }

    [Fact]
    public void Load_SmallFrameFromNonSeekableStream_Loads()
    {
        var frame = Pickle.DumpToBytes(ZooValue.Sample());

        var loaded = Pickle.Load<ZooValue>(new TrickleStream(new MemoryStream(frame), maxRead: 7));

        loaded.Should().BeEquivalentTo(ZooValue.Sample());
    }

    [Fact]
    public void Load_JsonFrameWithHostilePayload_ThrowsPickleException()
    {
        var nested = new string('[', 100_000) + new string(']', 100_000);
        var frame = FrameBuilder.Frame(System.Text.Encoding.UTF8.GetBytes(nested), format: "json");

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>();
    }

    private static (Exception? Error, long Allocated) Measure(Action action)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(action);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
