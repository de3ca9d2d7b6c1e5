using System.IO.Hashing;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class FrameWriterTests
{
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

    [Theory]
    [InlineData(2, false, false)]
    [InlineData(2, true, true)]
    [InlineData(6, false, true)]
    [InlineData(6, true, false)]
    public async Task Dump_LargeFrame_WritesTheBytesOfDumpToBytesWithAChecksumOverThem(int mebibytes, bool withSignature, bool useAsync)
    {
        // Large frames get their trailer while they are written (on another thread from 4 MiB on, with processors to spare).
        var options = withSignature ? PickleOptions.Default with { SigningKey = new byte[32] } : PickleOptions.Default;
        var values = Enumerable.Range(0, mebibytes * 1024 * 1024 / 8).Select(i => i * 0.5).ToArray();
        using var stream = new MemoryStream();

        if (useAsync)
        {
            await Pickle.DumpAsync(values, stream, options);
        }
        else
        {
            Pickle.Dump(values, stream, options);
        }

        var bytes = Pickle.DumpToBytes(values, options);
        stream.ToArray().Should().Equal(bytes);
        BitConverter.ToUInt64(bytes, bytes.Length - 8).Should().Be(XxHash3.HashToUInt64(bytes.AsSpan(0, bytes.Length - 8)));
        Pickle.LoadFromBytes<double[]>(bytes, options).Should().Equal(values);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dump_LargeFrameToAStreamThatFails_ThrowsIOExceptionAndLaterDumpsAreWhole(bool useAsync)
    {
        var values = Enumerable.Range(0, 1_000_000).Select(i => i * 0.25).ToArray();
        using var stream = new FailingWriteStream(capacity: 3_000_000);

        var act = async () =>
        {
            if (useAsync)
            {
                await Pickle.DumpAsync(values, stream);
            }
            else
            {
                Pickle.Dump(values, stream);
            }
        };

        await act.Should().ThrowAsync<IOException>();
        Pickle.LoadFromBytes<double[]>(Pickle.DumpToBytes(values)).Should().Equal(values);
    }

    [Theory]
    [InlineData(20_000, false)]
    [InlineData(20_000, true)]
    [InlineData(2_000_000, false)]
    public async Task DumpToFile_ArrayChangedWhileItIsWritten_EveryFileLoads(int length, bool useAsync)
    {
        // A value torn by the caller's own race is the caller's; a frame whose checksum does not match its bytes would be ours.
        var values = new float[length];
        using var temp = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var round = 0f; !stop.IsCancellationRequested; round++)
            {
                values.AsSpan().Fill(round);
            }
        });

        try
        {
            for (var i = 0; i < 40; i++)
            {
                var path = temp.File($"{i}.pickle");
                if (useAsync)
                {
                    await Pickle.DumpToFileAsync(values, path);
                }
                else
                {
                    Pickle.DumpToFile(values, path);
                }

                var load = () => Pickle.LoadFromFile<float[]>(path);
                load.Should().NotThrow("file {0} was left by DumpToFile", i);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await writer;
        }
    }
}
