using System.Runtime.CompilerServices;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class LoadedObjectsTests
{
    [Fact]
    public void Add_ManyObjects_NumbersThemInOrderAndKeepsEachEntry()
    {
        var table = new LoadedObjects();
        var objects = Enumerable.Range(0, 100_000).Select(i => new object()).ToArray();

        var numbers = objects.Select(o =>
        {
            var number = table.Add();
            table.Entry(number).Value = o;
            return number;
        }).ToList();

        numbers.Should().Equal(Enumerable.Range(0, objects.Length));
        table.Count.Should().Be(objects.Length);
        var kept = Enumerable.Range(0, objects.Length).Select(i => table.Entry(i).Value).ToList();
        kept.Should().Equal(objects, ReferenceEquals);
    }

    [Theory]
    [InlineData(0, -1)]
    [InlineData(3, 3)]
    [InlineData(3, int.MaxValue)]
    [InlineData(40, 40)]
    public void Entry_NumberNotAdded_IsANullReference(int added, int number)
    {
        var table = new LoadedObjects();
        for (var i = 0; i < added; i++)
        {
            table.Add();
        }

        Unsafe.IsNullRef(ref table.Entry(number)).Should().BeTrue();
    }

    [Theory]
    [InlineData(10)]
    [InlineData(5_000)]
    public void Release_AfterALoad_EmptiesTheTableAndTheNextLoadStartsWithClearedEntries(int count)
    {
        var table = new LoadedObjects();
        for (var i = 0; i < count; i++)
        {
            table.Entry(table.Add()) = new LoadedObject { Value = new object(), IsComplete = true, HandedOut = true };
        }

        table.Release();
        var first = table.Add();
        var rest = Enumerable.Range(0, count).Select(_ => table.Add()).ToList();

        first.Should().Be(0);
        rest.Should().Equal(Enumerable.Range(1, count));
        var entries = Enumerable.Range(0, count + 1).Select(i => table.Entry(i)).ToList();
        entries.Should().OnlyContain(entry => entry.Value == null && !entry.IsComplete && !entry.HandedOut);
    }

    [Fact]
    public void Release_AfterALargeLoad_KeepsNoObjectAlive()
    {
        var table = new LoadedObjects();
        var weak = FillWithGarbage(table, 5_000);

        table.Release();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        weak.Should().OnlyContain(reference => !reference.IsAlive, "the table and the pool's array hold no object once released");
    }

    [Fact]
    public void Add_MoreThanTheMostObjects_ThrowsPickleException()
    {
        var table = new LoadedObjects(maxObjects: LoadedObjects.FirstObjects * 2);
        for (var i = 0; i < LoadedObjects.FirstObjects * 2; i++)
        {
            table.Add();
        }

        var act = () => table.Add();

        act.Should().Throw<PickleException>().WithMessage("*more than 64 objects*damaged*");
    }

    [Fact]
    public void Load_ListOfRecordsTwice_AllocatesOnlyTheValueTheSecondTime()
    {
        var bytes = Pickle.DumpToBytes(Enumerable.Range(0, 20_000).Select(i => new List<int> { i }).ToList());
        Pickle.LoadFromBytes<List<List<int>>>(bytes);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var loaded = Pickle.LoadFromBytes<List<List<int>>>(bytes);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        loaded.Should().HaveCount(20_000);
        // Each List<int> of one is 32 bytes and its array 32, the outer list and its array about 160 KB: the table of
        // 20,001 numbered objects (320 KB at 16 bytes each, about 1 MB with the arrays a growing list leaves) is rented
        // from the pool, not allocated.
        allocated.Should().BeLessThan((20_000 * 64) + 600_000);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> FillWithGarbage(LoadedObjects table, int count)
    {
        var weak = new List<WeakReference>();
        for (var i = 0; i < count; i++)
        {
            var value = new object();
            weak.Add(new WeakReference(value));
            table.Entry(table.Add()).Value = value;
        }

        return weak;
    }
}
