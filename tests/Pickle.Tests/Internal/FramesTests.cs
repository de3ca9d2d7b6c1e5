using System.Buffers;
using System.IO.Hashing;
using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class FramesTests
{
    [Fact]
    public void Checksum_AfterAnotherFrame_EqualsTheHashOfHeaderAndPayloadAlone()
    {
        byte[] header = [0x89, 0x50, 0x4B, 0x4C, 1, 0];
        using var payload = new SegmentedBuffer();
        payload.Write<byte>([1, 2, 3, 4, 5]);
        using var other = new SegmentedBuffer();
        other.Write(new byte[10_000]);
        Frames.Checksum([9, 9, 9], other, []);

        var checksum = Frames.Checksum(header, payload, []);

        checksum.Should().Be(XxHash3.HashToUInt64([.. header, 1, 2, 3, 4, 5]));
    }

    [Fact]
    public void DumpAndLoad_OnManyThreadsAtOnce_EveryFrameLoadsBack()
    {
        var loaded = new List<int>[64];

        Parallel.For(0, loaded.Length, i =>
        {
            var bytes = Pickle.DumpToBytes(Enumerable.Range(i, i * 100).ToList());
            loaded[i] = Pickle.LoadFromBytes<List<int>>(bytes);
        });

        for (var i = 0; i < loaded.Length; i++)
        {
            loaded[i].Should().Equal(Enumerable.Range(i, i * 100));
        }
    }
}
