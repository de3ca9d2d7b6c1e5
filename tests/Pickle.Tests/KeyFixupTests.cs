using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Issue 14, "hashed collections are filled once their keys are complete": with PreserveReferences, a dictionary or
/// set whose keys refer back to objects still being loaded is filled when those objects are complete, so that its
/// keys are found; collections whose keys are complete are filled as they load.
/// </summary>
public class KeyFixupTests
{
    private static readonly PickleOptions References = PickleOptions.Default with { PreserveReferences = true };

    public static TheoryData<EntryPoint> EntryPoints => new(EntryPoint.All);

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_NodeKeyedInItsOwnCollections_FindsItself(EntryPoint entryPoint)
    {
        var loaded = entryPoint.RoundTrip(SelfKeyed("k"), References);

        loaded.Links.Keys.Should().ContainSingle().Which.Should().BeSameAs(loaded);
        loaded.Links.ContainsKey(loaded).Should().BeTrue();
        loaded.Links[loaded].Should().Be(7);
        loaded.Set.Contains(loaded).Should().BeTrue();
        loaded.Sorted.Contains(loaded).Should().BeTrue();
    }

    [Fact]
    public void RoundTrip_NodesKeyedInEachOthersCollectionsDeeperInTheGraph_FindEachOther()
    {
        var a = SelfKeyed("a");
        var b = SelfKeyed("b");
        var c = new Keyed { Name = "c" };
        a.Links[b] = 1;
        b.Links[a] = 2;
        a.Child = b;
        b.Child = c;
        c.Set.UnionWith([a, b, c]);
        c.Sorted.UnionWith([c, b, a]);
        c.Links[c] = 3;

        var loaded = Pickle.LoadFromBytes<KeyedGraph>(Pickle.DumpToBytes(new KeyedGraph { Nodes = [a, c] }, References), References);

        var (la, lc) = (loaded.Nodes[0], loaded.Nodes[1]);
        var lb = la.Child!;
        lb.Child.Should().BeSameAs(lc);
        la.Links.ContainsKey(lb).Should().BeTrue();
        lb.Links[la].Should().Be(2);
        lc.Set.Contains(la).Should().BeTrue();
        lc.Set.Contains(lb).Should().BeTrue();
        lc.Set.Contains(lc).Should().BeTrue();
        lc.Links[lc].Should().Be(3);
        lc.Sorted.Select(node => node.Name).Should().Equal("a", "b", "c");
        lc.Sorted.Contains(new Keyed { Name = "b" }).Should().BeTrue();
    }

    [Fact]
    public void RoundTrip_DictionaryWithCompleteAndIncompleteKeys_KeepsTheOrderOfItsEntries()
    {
        var node = new Keyed { Name = "self" };
        node.Links[new Keyed { Name = "first" }] = 1;
        node.Links[node] = 2;
        node.Links[new Keyed { Name = "last" }] = 3;

        var loaded = Pickle.LoadFromBytes<Keyed>(Pickle.DumpToBytes(node, References), References);

        loaded.Links.Keys.Select(key => key.Name).Should().Equal("first", "self", "last");
        loaded.Links.ContainsKey(loaded).Should().BeTrue();
    }

    [Fact]
    public void RoundTrip_ImmutableSetWhoseKeyIsStillLoading_ThrowsPickleExceptionNamingIt()
    {
        // An immutable set is complete when it is read, so a key that is still loading cannot be added to it later.
        var node = new Keyed { Name = "n" };
        node.Frozen = [node];

        var act = () => Pickle.LoadFromBytes<Keyed>(Pickle.DumpToBytes(node, References), References);

        act.Should().Throw<PickleException>().WithMessage("*ImmutableHashSet<Pickling.Tests.Models.Keyed>*still being loaded*");
    }

    [Fact]
    public void RoundTrip_ImmutableSetOfCompleteKeys_FindsThem()
    {
        var node = new Keyed { Name = "n" };

        var loaded = Pickle.LoadFromBytes<KeyedGraph>(Pickle.DumpToBytes(new KeyedGraph { Nodes = [node], Frozen = [node] }, References), References);

        loaded.Frozen!.Contains(loaded.Nodes[0]).Should().BeTrue();
    }

    [Fact]
    public void Load_DictionaryOfCompleteKeys_IsFilledBeforeItsOwnerIsLoaded()
    {
        var shared = new Keyed { Name = "shared" };
        var owner = new CountingOwner { Shared = shared };
        owner.Entries[shared] = 1;
        owner.Entries[new Keyed { Name = "other" }] = 2;

        var loaded = Pickle.LoadFromBytes<CountingOwner>(Pickle.DumpToBytes(owner, References), References);

        loaded.CountWhenLoaded.Should().Be(2, "keys that are complete are added as they load, not later");
        loaded.Entries.ContainsKey(loaded.Shared!).Should().BeTrue();
    }

    [Fact]
    public void RoundTrip_SetHoldingAnObjectThatRefersBackToTheSet_IsTheSameSet()
    {
        var node = new Keyed { Name = "n" };
        var child = new Keyed { Name = "child", Set = node.Set };
        node.Set.Add(child);

        var loaded = Pickle.LoadFromBytes<Keyed>(Pickle.DumpToBytes(node, References), References);

        loaded.Set.Single().Set.Should().BeSameAs(loaded.Set);
    }

    private static Keyed SelfKeyed(string name)
    {
        var node = new Keyed { Name = name };
        node.Links[node] = 7;
        node.Set.Add(node);
        node.Sorted.Add(node);
        return node;
    }
}
