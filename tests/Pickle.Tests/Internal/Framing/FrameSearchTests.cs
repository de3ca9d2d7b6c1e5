using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class FrameSearchTests
{
    [Fact]
    public void NextHeaderAsync_FrameAfterJunk_FindsItsStart()
    {
        var junk = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var bytes = (byte[])[.. junk, .. Pickle.DumpToBytes("found")];

        Next(bytes, 0).Should().Be(junk.Length);
    }

    [Fact]
    public void NextHeaderAsync_MagicBytesWithoutAValidHeader_AreSkipped()
    {
        var fake = (byte[])[0x89, (byte)'P', (byte)'K', (byte)'L', 1, 0, 7, .. "msgpack"u8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4];
        var real = Pickle.DumpToBytes(1);
        var bytes = (byte[])[.. fake, .. real];

        Next(bytes, 0).Should().Be(fake.Length, "a header whose CRC does not match is not a frame's start");
    }

    [Fact]
    public void NextHeaderAsync_HeaderAcrossTheSearchBlocks_IsFound()
    {
        var frame = Pickle.DumpToBytes(new byte[10]);
        foreach (var before in new[] { 64 * 1024 - 400, 64 * 1024 - 10, 64 * 1024 - 2, 64 * 1024, 64 * 1024 + 3, 200_000 })
        {
            var bytes = (byte[])[.. new byte[before], .. frame];

            Next(bytes, 0).Should().Be(before, $"a header {before} bytes in must be found");
        }
    }

    [Fact]
    public void NextHeaderAsync_NoHeaderOrOnlyAHeaderCutShort_ReturnsMinusOne()
    {
        var frame = Pickle.DumpToBytes("cut");

        Next(new byte[100_000], 0).Should().Be(-1);
        Next([.. new byte[10], .. frame[..10]], 0).Should().Be(-1);
    }

    [Fact]
    public void NextHeaderAsync_FromPastAFrameStart_FindsTheNextOne()
    {
        var first = Pickle.DumpToBytes(1);
        var bytes = (byte[])[.. first, .. Pickle.DumpToBytes(2)];

        Next(bytes, 0).Should().Be(0);
        Next(bytes, 1).Should().Be(first.Length);
    }

    [Fact]
    public async Task NextHeaderAsync_Async_FindsTheSameStart()
    {
        var bytes = (byte[])[1, 2, 3, .. Pickle.DumpToBytes(1)];

        (await FrameSearch.NextHeaderAsync(new MemoryStream(bytes), 0, useAsync: true, CancellationToken.None)).Should().Be(3);
    }

    private static long Next(byte[] bytes, long from) =>
        Synchronously.Complete(FrameSearch.NextHeaderAsync(new MemoryStream(bytes), from, useAsync: false, CancellationToken.None));
}
