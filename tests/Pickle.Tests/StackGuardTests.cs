using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// No payload of any depth crashes a thread whose stack is at least 256 KiB: a load either returns the value or
/// fails with a <see cref="PickleException"/>, at the default MaxDepth and at 10,000.
/// </summary>
public class StackGuardTests
{
    public static TheoryData<int, int, int> Chains => new()
    {
        { PickleOptions.DefaultMaxDepth, 249, 256 * 1024 },
        { PickleOptions.DefaultMaxDepth, 249, 512 * 1024 },
        { 10_000, 4_999, 256 * 1024 },
        { 10_000, 4_999, 1024 * 1024 },
    };

    [Theory]
    [MemberData(nameof(Chains))]
    public void Load_ChainThatAddsTwoLevelsPerObject_LoadsOrThrowsPickleExceptionOnASmallStack(int maxDepth, int hops, int stackSize)
    {
        // Each hop is an object holding a ValueTuple<ValueTuple<object>>: the object's formatter sees every other depth.
        var options = PickleOptions.Default with { MaxDepth = maxDepth };
        object chain = "end";
        for (var i = 0; i < hops; i++)
        {
            chain = ValueTuple.Create(ValueTuple.Create(chain));
        }

        var bytes = StackThreads.Run(() => Pickle.DumpToBytes(chain, options), 256 * 1024 * 1024);

        object? loaded = null;
        var load = () => loaded = StackThreads.Run(() => Pickle.LoadFromBytes<object>(bytes, options), stackSize);

        try
        {
            load();
            Depth(loaded).Should().Be(hops, "a chain that loads loads whole");
        }
        catch (PickleException e)
        {
            e.Message.Should().Contain("stack space");
        }
    }

    private static int Depth(object? value)
    {
        var depth = 0;
        while (value is ValueTuple<ValueTuple<object>> hop)
        {
            value = hop.Item1.Item1;
            depth++;
        }

        value.Should().Be("end");
        return depth;
    }
}
