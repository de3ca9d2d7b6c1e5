using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>Dumps that would overflow the stack or never end: cycles and very deep values.</summary>
public class DumpGuardTests
{
    private const long AllocationBound = 4 * 1024 * 1024;

    /// <summary>References off: the dump of tree-shaped data, where a cycle is an error.</summary>
    private static readonly PickleOptions Tree = PickleOptions.Default with { PreserveReferences = false };

    [Fact]
    public void Dump_ChainDeeperThanTheStackHolds_ThrowsPickleExceptionInsteadOfOverflowing()
    {
        var options = PickleOptions.Default with { MaxDepth = 10_000 };
        var chain = Node.Chain(9_000);

        var dump = () => StackThreads.Run(() => Pickle.DumpToBytes(chain, options), 512 * 1024);

        dump.Should().Throw<PickleException>().WithMessage("The dump ran out of stack space*");
    }

    [Fact]
    public void Dump_LinkPointingAtItself_ThrowsPickleExceptionNamingCycleAndPreserveReferences()
    {
        var link = new ChainLink { Value = 1 };
        link.Next = link;

        var act = () => Pickle.DumpToBytes(link, Tree);

        act.Should().Throw<PickleException>()
            .WithMessage("*cycle*Pickling.Tests.Models.ChainLink.Next*PickleOptions.PreserveReferences = true*");
    }

    [Fact]
    public void Dump_ChildPointingAtParentThroughList_ThrowsPickleExceptionNamingMemberPath()
    {
        var parent = new FamilyMember { Name = "parent" };
        parent.Children.Add(new FamilyMember { Name = "first" });
        parent.Children.Add(new FamilyMember { Name = "second", Parent = parent });

        var act = () => Pickle.DumpToBytes(parent, Tree);

        act.Should().Throw<PickleException>()
            .WithMessage("*cycle*Pickling.Tests.Models.FamilyMember.Children[1].Parent*PreserveReferences*");
    }

    [Fact]
    public void Dump_CycleBelowTheRoot_NamesPathFromRoot()
    {
        var zoo = ZooValue.Sample();
        zoo.Link!.Next!.Next!.Next = zoo.Link.Next;

        var act = () => Pickle.DumpToBytes(zoo, Tree);

        act.Should().Throw<PickleException>()
            .WithMessage("*ChainLink.Next.Next leads back*reached from the root by Pickling.Tests.Models.ZooValue.Link.Next*");
    }

    [Fact]
    public void Dump_CycleThroughObjectArray_ThrowsPickleException()
    {
        var items = new object?[2];
        items[0] = 1;
        items[1] = items;

        var act = () => Pickle.DumpToBytes<object>(items, Tree);

        act.Should().Throw<PickleException>().WithMessage("*cycle*System.Object[][1]*");
    }

    [Fact]
    public void Dump_CyclicGraph_AllocatesBoundedMemory()
    {
        var link = new ChainLink { Value = 1 };
        link.Next = new ChainLink { Value = 2, Next = link };
        FluentActions.Invoking(() => Pickle.DumpToBytes(link, Tree)).Should().Throw<PickleException>();

        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => Pickle.DumpToBytes(link, Tree));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        error.Should().BeOfType<PickleException>();
        allocated.Should().BeLessThan(AllocationBound);
    }

    [Fact]
    public void Dump_LinkedListLongerThanMaxDepth_ThrowsPickleExceptionNamingMaxDepth()
    {
        var chain = ChainLink.Chain(200_000);

        var act = () => Pickle.DumpToBytes(chain);

        act.Should().Throw<PickleException>()
            .WithMessage("*more than 500 deep*PickleOptions.MaxDepth*ChainLink.Next.Next*more steps*");
    }

    [Fact]
    public void Dump_NestedObjectArrays200000Deep_ThrowsPickleException()
    {
        object?[] root = [null];
        var current = root;
        for (var i = 0; i < 200_000; i++)
        {
            object?[] next = [null];
            current[0] = next;
            current = next;
        }

        var act = () => Pickle.DumpToBytes<object>(root);

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Dump_NestedLists200000Deep_ThrowsPickleException()
    {
        var root = new List<object>();
        var current = root;
        for (var i = 0; i < 200_000; i++)
        {
            var next = new List<object>();
            current.Add(next);
            current = next;
        }

        var act = () => Pickle.DumpToBytes(root);

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Dump_ChainAsDeepAsMaxDepth_RoundTrips()
    {
        var options = PickleOptions.Default with { MaxDepth = 50 };
        var chain = ChainLink.Chain(50);

        var loaded = Pickle.LoadFromBytes<ChainLink>(Pickle.DumpToBytes(chain, options), options);

        loaded.Should().BeEquivalentTo(chain, o => o.AllowingInfiniteRecursion());
    }

    [Fact]
    public void Dump_ChainOneDeeperThanMaxDepth_ThrowsPickleException()
    {
        var options = PickleOptions.Default with { MaxDepth = 50 };

        var act = () => Pickle.DumpToBytes(ChainLink.Chain(51), options);

        act.Should().Throw<PickleException>().WithMessage("*more than 50 deep*");
    }

    [Fact]
    public void Dump_SameObjectTwiceWithoutCycle_Succeeds()
    {
        var shared = new ChainLink { Value = 9 };
        var list = new List<ChainLink> { shared, shared };

        var loaded = Pickle.LoadFromBytes<List<ChainLink>>(Pickle.DumpToBytes(list));

        loaded.Select(l => l.Value).Should().Equal(9, 9);
    }

    [Fact]
    public void Dump_AfterCycleFailure_DumpsNextValueNormally()
    {
        var link = new ChainLink();
        link.Next = link;
        FluentActions.Invoking(() => Pickle.DumpToBytes(link, Tree)).Should().Throw<PickleException>();

        var loaded = Pickle.LoadFromBytes<ChainLink>(Pickle.DumpToBytes(ChainLink.Chain(400)));

        loaded.Next!.Next!.Value.Should().Be(2);
    }
}
