using Pickling.Tests.Models;

namespace Pickling.Tests;

/// <summary>Dump and Load from many threads at once with one shared options instance.</summary>
public class ConcurrencyTests
{
    [Fact]
    public void DumpAndLoad_ManyThreadsSharingOptions_EveryValueRoundTrips()
    {
        var options = PickleOptions.Default with { MaxDepth = 64 };
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var value = ZooValue.Sample();
            value.Count = i;
            value.Link = ChainLink.Chain((i % 40) + 1);
            var loaded = Pickle.LoadFromBytes<ZooValue>(Pickle.DumpToBytes(value, options), options);
            if (loaded.Count != i || Length(loaded.Link) != (i % 40) + 1 || loaded.ByKey![new ZooKey(1, "one")] != "x")
            {
                Interlocked.Increment(ref failures);
            }
        });

        failures.Should().Be(0);
    }

    [Fact]
    public void DumpAndLoad_ManyThreadsMixingGoodAndHostileInput_GoodValuesStillRoundTrip()
    {
        var options = PickleOptions.Default with { MaxDepth = 64 };
        var cyclic = new ChainLink();
        cyclic.Next = cyclic;
        var deep = ChainLink.Chain(100);
        var outcomes = new int[3];

        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            switch (i % 3)
            {
                case 0:
                    var chain = ChainLink.Chain(60);
                    if (Length(Pickle.LoadFromBytes<ChainLink>(Pickle.DumpToBytes(chain, options), options)) == 60)
                    {
                        Interlocked.Increment(ref outcomes[0]);
                    }

                    break;
                case 1:
                    try
                    {
                        Pickle.DumpToBytes(cyclic, options);
                    }
                    catch (PickleException e) when (e.Message.Contains("cycle", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref outcomes[1]);
                    }

                    break;
                default:
                    try
                    {
                        Pickle.DumpToBytes(deep, options);
                    }
                    catch (PickleException e) when (e.Message.Contains("MaxDepth", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref outcomes[2]);
                    }

                    break;
            }
        });

        outcomes.Should().Equal(100, 100, 100);
    }

    private static int Length(ChainLink? link)
    {
        var count = 0;
        for (; link is not null; link = link.Next)
        {
            count++;
        }

        return count;
    }
}
