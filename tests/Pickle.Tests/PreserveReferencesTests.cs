using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

// Cases follow CPython's pickle tests (recursive lists, dicts and objects, shared references inside containers),
// with the nearest .NET types.
public class PreserveReferencesTests
{
    private static readonly PickleOptions References = PickleOptions.Default with { PreserveReferences = true };

    private static T RoundTrip<T>(T value, PickleOptions? options = null) =>
        Pickle.LoadFromBytes<T>(Pickle.DumpToBytes(value, options ?? References), options ?? References);

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(20)]
    public void Load_SharedListsOfNumbers_AreTheSameListsWhereverTheyRecur(int distinct)
    {
        var lists = Enumerable.Range(0, distinct).Select(i => new List<int> { i, i + 1 }).ToList();
        var arrays = Enumerable.Range(0, distinct).Select(i => new long[] { i }).ToList();
        var value = (Lists: lists.Concat(lists).ToList(), Arrays: arrays.Concat(arrays).ToList());

        var loaded = RoundTrip(value);

        for (var i = 0; i < distinct; i++)
        {
            loaded.Lists[i].Should().Equal(i, i + 1);
            loaded.Lists[distinct + i].Should().BeSameAs(loaded.Lists[i]);
            loaded.Arrays[distinct + i].Should().BeSameAs(loaded.Arrays[i]);
        }

        loaded.Lists.Distinct().Should().HaveCount(distinct);
        loaded.Arrays.Distinct().Should().HaveCount(distinct);
    }

    [Fact]
    public void Load_ListContainingItself_IsTheSameList()
    {
        var list = new List<object?>();
        list.Add(list);

        var loaded = RoundTrip(list);

        loaded.Should().HaveCount(1);
        loaded[0].Should().BeSameAs(loaded);
    }

    [Fact]
    public void Load_ArrayContainingItself_IsTheSameArray()
    {
        var array = new object?[2];
        array[0] = array;
        array[1] = 5;

        var loaded = RoundTrip(array);

        loaded[0].Should().BeSameAs(loaded);
        loaded[1].Should().Be(5);
    }

    [Fact]
    public void Load_DictionaryWhoseValueIsItself_IsTheSameDictionary()
    {
        var dictionary = new Dictionary<string, object?>();
        dictionary["self"] = dictionary;
        dictionary["n"] = 1;

        var loaded = RoundTrip(dictionary);

        loaded["self"].Should().BeSameAs(loaded);
        loaded["n"].Should().Be(1);
    }

    [Fact]
    public void Load_ObjectReferringToItself_IsTheSameObject()
    {
        var node = new Link { Value = 1 };
        node.Next = node;

        var loaded = RoundTrip(node);

        loaded.Next.Should().BeSameAs(loaded);
    }

    [Fact]
    public void Load_ParentAndChildren_KeepBothDirections()
    {
        var root = new TreeNode { Name = "root" };
        foreach (var name in new[] { "a", "b" })
        {
            var child = new TreeNode { Name = name, Parent = root };
            child.Children.Add(new TreeNode { Name = name + "1", Parent = child });
            root.Children.Add(child);
        }

        var loaded = RoundTrip(root);

        loaded.Children.Should().HaveCount(2).And.OnlyContain(child => child.Parent == loaded);
        loaded.Children[1].Children[0].Parent.Should().BeSameAs(loaded.Children[1]);
        loaded.Children[1].Children[0].Name.Should().Be("b1");
    }

    [Fact]
    public void Load_DoublyLinkedList_KeepsLinksBothWays()
    {
        var first = new Link { Value = 0 };
        var last = first;
        for (var i = 1; i < 100; i++)
        {
            var next = new Link { Value = i, Previous = last };
            last.Next = next;
            last = next;
        }

        var loaded = RoundTrip(first);

        var count = 0;
        for (var node = loaded; node is not null; node = node.Next, count++)
        {
            node.Value.Should().Be(count);
            node.Next?.Previous.Should().BeSameAs(node);
        }

        count.Should().Be(100);
    }

    [Fact]
    public void Load_GraphWithCyclesAndSharedVertices_KeepsItsShape()
    {
        var vertices = Enumerable.Range(0, 6).Select(i => new Vertex { Id = i }).ToList();
        foreach (var v in vertices)
        {
            v.Edges.AddRange([vertices[(v.Id + 1) % 6], vertices[(v.Id * 2) % 6], v]);
        }

        var loaded = RoundTrip(vertices);

        loaded.Should().HaveCount(6);
        foreach (var v in loaded)
        {
            v.Edges[0].Should().BeSameAs(loaded[(v.Id + 1) % 6]);
            v.Edges[1].Should().BeSameAs(loaded[(v.Id * 2) % 6]);
            v.Edges[2].Should().BeSameAs(v);
        }
    }

    [Fact]
    public void Load_SharedObjectInContainers_StaysShared()
    {
        var shared = new List<int> { 1, 2 };
        var dog = new Dog { Name = "Rex" };
        var pair = new Pair { First = dog, Second = dog, Left = shared, Right = shared };

        var loaded = RoundTrip(pair);

        loaded.First.Should().BeSameAs(loaded.Second).And.BeOfType<Dog>();
        loaded.Left.Should().BeSameAs(loaded.Right).And.Equal(1, 2);
    }

    [Fact]
    public void Load_SharedObjectsInsideTuplesAndArrays_StayShared()
    {
        var inner = new List<string> { "x" };
        var value = new object?[] { inner, Tuple.Create(inner, inner), new[] { inner } };

        var loaded = RoundTrip(value);

        var tuple = loaded[1].Should().BeOfType<Tuple<List<string>, List<string>>>().Subject;
        ((object)tuple.Item1).Should().BeSameAs(loaded[0]).And.BeSameAs(tuple.Item2);
        ((object)loaded[2].Should().BeOfType<List<string>[]>().Subject[0]).Should().BeSameAs(loaded[0]);
    }

    [Fact]
    public void Load_ListHoldingObjectWhoseDictionaryHoldsTheList_KeepsTheCycle()
    {
        // pickletester's recursive "multi" case: l = []; d = {1: l}; i = C(); i.attr = d; l.append(i)
        var list = new List<object?>();
        var holder = new Pair { First = new Dictionary<int, object?> { [1] = list } };
        list.Add(holder);

        var loaded = RoundTrip(list, References with { AllowedTypes = [typeof(Pair)] });

        var dictionary = loaded[0].Should().BeOfType<Pair>().Which.First.Should().BeOfType<Dictionary<int, object?>>().Subject;
        dictionary[1].Should().BeSameAs(loaded);
    }

    [Fact]
    public void Dump_SharedObject_WritesItOnceThenBackReferences()
    {
        var dog = new Dog { Name = "Rex" };

        var bytes = Pickle.DumpToBytes(new List<Animal> { dog, dog, dog }, References);

        System.Text.Encoding.UTF8.GetString(bytes).Split("Rex").Length.Should().Be(2);
        Convert.ToHexString(bytes).Should().Contain("D45101D45101", "the second and third elements are back-references to object #1");
    }

    [Fact]
    public void Load_DumpedWithTheOptionOff_LoadsSharedObjectsAsCopies()
    {
        var shared = new List<int> { 1 };

        var loaded = Pickle.LoadFromBytes<Pair>(Pickle.DumpToBytes(new Pair { Left = shared, Right = shared }, PickleOptions.Default with { PreserveReferences = false }));

        loaded.Left.Should().NotBeSameAs(loaded.Right).And.Equal(loaded.Right);
    }

    [Fact]
    public void RoundTrip_DefaultOptions_KeepSharedObjectsAndCycles()
    {
        var shared = new List<int> { 1, 2 };
        var root = new TreeNode { Name = "root" };
        var child = new TreeNode { Name = "child", Parent = root };
        root.Children.AddRange([child, child]);
        var pair = new Pair { First = root, Second = root, Left = shared, Right = shared };

        var loaded = Pickle.LoadFromBytes<Pair>(Pickle.DumpToBytes(pair, PickleOptions.Default), PickleOptions.Default);

        PickleOptions.Default.PreserveReferences.Should().BeTrue();
        loaded.Left.Should().BeSameAs(loaded.Right).And.Equal(1, 2);
        loaded.First.Should().BeSameAs(loaded.Second);
        var loadedRoot = (TreeNode)loaded.First!;
        loadedRoot.Children[0].Should().BeSameAs(loadedRoot.Children[1]);
        loadedRoot.Children[0].Parent.Should().BeSameAs(loadedRoot);
    }

    [Fact]
    public void Dump_OneObjectReferencedAThousandTimes_IsWrittenOnceAndLoadsAsOne()
    {
        var shared = new SavingsLedgerAccount("ada", 1m, 0.5, new string('x', 1000));
        var many = Enumerable.Repeat(shared, 1000).ToList();

        var bytes = Pickle.DumpToBytes(many);
        var loaded = Pickle.LoadFromBytes<List<SavingsLedgerAccount>>(bytes);

        bytes.Length.Should().BeLessThan(6_000, "the account is written once and 999 back-references of 3 bytes follow");
        loaded.Should().HaveCount(1000).And.OnlyContain(account => ReferenceEquals(account, loaded[0]));
    }

    [Fact]
    public void Dump_ObjectsReferredToOnce_CostNoMoreBytesThanWithoutReferences()
    {
        var records = Enumerable.Range(0, 200).Select(i => new Pair { Left = [i], Right = [i, i], First = $"n{i}" }).ToList();

        var with = Pickle.DumpToBytes(records);
        var without = Pickle.DumpToBytes(records, PickleOptions.Default with { PreserveReferences = false });

        with.Should().Equal(without);
    }

    [Fact]
    public void Load_CurrentVersionPayloadWithAnIdInAHeader_ThrowsPickleException()
    {
        var payload = RawFrames.RootTyped(typeof(List<List<int>>), Array(PayloadTools.Tagged(null, [0x90], id: 0)));

        var act = () => Pickle.LoadFromBytes<List<List<int>>>(RawFrames.BuildCurrent(payload));

        act.Should().Throw<PickleException>().WithMessage("*id #0 in its header*numbered in order*");
    }

    [Fact]
    public void Load_VersionTwoPayloadWithIdsInHeaders_KeepsItsSharedObjects()
    {
        // [[ext 80 (id 0), [ext 80 (id 1), []]], ext 81 (1)]: a list whose two elements are one list, as version 2 wrote it.
        var inner = PayloadTools.Tagged(null, [0x90], id: 1);
        var payload = RawFrames.RootTyped(typeof(List<List<int>>), PayloadTools.Tagged(null, Array(inner, PayloadTools.BackReference(1)), id: 0));

        var loaded = Pickle.LoadFromBytes<List<List<int>>>(RawFrames.BuildVersion2(payload));

        loaded.Should().HaveCount(2);
        loaded[0].Should().BeSameAs(loaded[1]);
    }

    [Fact]
    public void Load_PickleWithReferences_NeedsNoOptionToLoad()
    {
        var node = new Link { Value = 1 };
        node.Next = node;

        var loaded = Pickle.LoadFromBytes<Link>(Pickle.DumpToBytes(node, References));

        loaded.Next.Should().BeSameAs(loaded);
    }

    [Fact]
    public void Load_BackReferenceToUnknownId_ThrowsPickleException()
    {
        var bytes = PayloadTools.Frame(Array(PayloadTools.BackReference(3)));

        var act = () => Pickle.LoadFromBytes<List<object>>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*object #3*not defined*");
    }

    [Fact]
    public void Load_BackReferenceToObjectOfWrongType_ThrowsPickleException()
    {
        // A Pair whose Left is object #0 (a List<int>) and whose First refers back to the Pair itself... as a List<int>.
        var pair = PayloadTools.Tagged(null, PayloadTools.Map(("Left", PayloadTools.BackReference(0))), id: 0);

        var act = () => Pickle.LoadFromBytes<Pair>(PayloadTools.Frame(pair));

        act.Should().Throw<PickleException>().WithMessage("*object #0*Pair*where a*List<System.Int32>*");
    }

    [Fact]
    public void Load_ObjectIdDefinedTwice_ThrowsPickleException()
    {
        var twice = Array(PayloadTools.Tagged(null, [0x90], id: 1), PayloadTools.Tagged(null, [0x90], id: 1));

        var act = () => Pickle.LoadFromBytes<List<List<int>>>(PayloadTools.Frame(twice));

        act.Should().Throw<PickleException>().WithMessage("*#1 twice*");
    }

    [Fact]
    public void Load_CycleThroughTypeThatCannotHoldIt_ThrowsPickleException()
    {
        // A Queue<object> whose element refers back to the queue: the queue only exists after its elements.
        var bytes = PayloadTools.Frame(PayloadTools.Tagged(null, Array(PayloadTools.BackReference(0)), id: 0));

        var act = () => Pickle.LoadFromBytes<Queue<object>>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*#0*cannot hold a reference to itself*");
    }

    [Fact]
    public void Load_MalformedBackReference_ThrowsPickleException()
    {
        var bad = PayloadTools.Write((ref MessagePackWriter writer) =>
        {
            writer.WriteExtensionFormatHeader(new ExtensionHeader(81, 1));
            writer.WriteRaw([0xff]);
        });

        var act = () => Pickle.LoadFromBytes<List<object>>(PayloadTools.Frame(Array(bad)));

        act.Should().Throw<PickleException>().WithMessage("*malformed back-reference*");
    }

    [Fact]
    public void Dump_SameOptionsFromManyThreads_KeepsTablesApart()
    {
        var results = Enumerable.Range(0, 8).AsParallel().Select(i =>
        {
            var node = new Link { Value = i };
            node.Next = node;
            var loaded = Pickle.LoadFromBytes<Link>(Pickle.DumpToBytes(node, References), References);
            return loaded.Value == i && ReferenceEquals(loaded.Next, loaded);
        }).ToList();

        results.Should().OnlyContain(ok => ok);
    }

    [Fact]
    public void RoundTrip_ManyRecordsSomeSharingTheirLists_KeepsExactlyThoseShared()
    {
        var records = new List<Pair>();
        for (var i = 0; i < 30_000; i++)
        {
            var left = i % 7 == 6 ? records[i - 3].Left : [i];
            records.Add(new Pair { Left = left, Right = [i, i], First = i % 1000 == 0 && i > 0 ? records[0] : null });
        }

        var loaded = RoundTrip(records);

        Enumerable.Range(3, records.Count - 3).Where(i => ReferenceEquals(loaded[i].Left, loaded[i - 3].Left))
            .Should().Equal(Enumerable.Range(3, records.Count - 3).Where(i => i % 7 == 6));
        loaded.Select(record => record.Left![0]).Should().Equal(records.Select(record => record.Left![0]));
        loaded.Where(record => record.First is not null).Should().HaveCount(29).And.OnlyContain(record => ReferenceEquals(record.First, loaded[0]));
    }

    [Fact]
    public void Dump_AfterALargerDumpOnTheSameThread_WritesTheSameBytesAsOnAFreshThread()
    {
        var first = Enumerable.Range(0, 20_000).Select(i => new Pair { Left = [i], First = $"n{i}" }).ToList();
        var second = new List<Pair> { first[5], new() { Left = first[5].Left }, first[19_999], first[5] };
        byte[]? alone = null;
        var thread = new Thread(() => alone = Pickle.DumpToBytes(second));
        thread.Start();
        thread.Join();

        Pickle.DumpToBytes(first);
        var afterFirst = Pickle.DumpToBytes(second);
        var loaded = Pickle.LoadFromBytes<List<Pair>>(afterFirst);

        afterFirst.Should().Equal(alone);
        loaded[3].Should().BeSameAs(loaded[0]);
        loaded[1].Left.Should().BeSameAs(loaded[0].Left);
        loaded[2].Should().NotBeSameAs(loaded[0]);
    }

    private static byte[] Array(params byte[][] items) => PayloadTools.Write((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(items.Length);
        foreach (var item in items)
        {
            writer.WriteRaw(item);
        }
    });

    [Theory]
    [InlineData(10)]
    [InlineData(20_000)]
    public void RoundTrip_CollectionInTheMiddleOfTheDump_KeepsSharedObjectsAndCyclesAfterIt(int before)
    {
        // Objects may move during a collection: the ones written before it must still be found after it.
        var shared = new CollectingNode { Value = -1 };
        shared.Next = shared;
        var lists = Enumerable.Range(0, before).Select(i => new List<int> { i }).ToList();
        var value = (Shared: shared, Before: lists, Collector: new CollectingNode { Value = 1 }, After: lists.ToList(), Again: shared);

        var loaded = RoundTrip(value);

        loaded.Collector.Value.Should().Be(1);
        loaded.Again.Should().BeSameAs(loaded.Shared);
        loaded.Shared.Next.Should().BeSameAs(loaded.Shared);
        loaded.After.Should().HaveCount(before);
        for (var i = 0; i < before; i++)
        {
            loaded.After[i].Should().BeSameAs(loaded.Before[i]).And.Equal(i);
        }
    }

    [Fact]
    public void RoundTrip_SharedObjectsFarApartInMemory_StayShared()
    {
        // Groups of 40 lists with more than 64 KiB after each in memory, so that a dump's objects lie in many places.
        var spacers = new List<byte[]>();
        var lists = new List<List<int>>();
        for (var i = 0; i < 3_000; i++)
        {
            lists.Add([i]);
            if (i % 40 == 39)
            {
                spacers.Add(new byte[70_000]);
            }
        }

        var loaded = RoundTrip(lists.Concat(lists).ToList());

        GC.KeepAlive(spacers);
        for (var i = 0; i < lists.Count; i++)
        {
            loaded[i].Should().Equal(i);
            loaded[lists.Count + i].Should().BeSameAs(loaded[i]);
        }
    }
}
