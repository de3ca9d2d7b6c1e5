using System.Runtime.CompilerServices;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

[Collection(NoCollections.Name)]
public class WrittenObjectsTests
{
    [Fact]
    public void TryAdd_ManyObjects_NumbersThemInOrderAndFindsEachAgain()
    {
        var objects = NewObjects(200_000);
        var table = new WrittenObjects();

        var added = objects.Select(o => (New: table.TryAdd(o, out var number), Number: number)).ToList();
        var again = Enumerable.Range(0, objects.Length).Reverse().Select(i => (New: table.TryAdd(objects[i], out var number), Number: number, Index: i)).ToList();

        added.Should().Equal(Enumerable.Range(0, objects.Length).Select(i => (true, i)));
        again.Should().OnlyContain(found => !found.New && found.Number == found.Index);
        table.Count.Should().Be(objects.Length);
    }

    [Fact]
    public void TryAdd_ObjectsWithTheSameIdentityHash_KeepsThemApart()
    {
        // Identity hashes have fewer bits than an int (26 in CoreCLR): among 300,000 objects some hundreds share one.
        var colliding = NewObjects(300_000)
            .GroupBy(RuntimeHelpers.GetHashCode)
            .Where(group => group.Count() > 1)
            .SelectMany(group => group)
            .ToList();
        var table = new WrittenObjects();

        var numbers = colliding.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var found = colliding.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();

        colliding.Should().HaveCountGreaterThan(1, "the test needs objects whose identity hashes are equal");
        numbers.Should().Equal(Enumerable.Range(0, colliding.Count));
        found.Should().Equal(numbers);
    }

    [Fact]
    public void TryAdd_EachObjectAddedTwiceWhileTheTableGrows_FindsTheFirstNumber()
    {
        var objects = NewObjects(50_000);
        var table = new WrittenObjects();
        var results = new List<(bool New, int Number)>();

        for (var i = 0; i < objects.Length; i++)
        {
            results.Add((table.TryAdd(objects[i], out var number), number));
            results.Add((table.TryAdd(objects[i / 2], out number), number));
        }

        var expected = Enumerable.Range(0, objects.Length).SelectMany(i => new[] { (true, i), (false, i / 2) });
        results.Should().Equal(expected);
    }

    [Fact]
    public void TryAdd_DumpLargerThanTheLastOne_GrowsPastItsCountAndKeepsEveryObject()
    {
        var table = new WrittenObjects();
        foreach (var o in NewObjects(100))
        {
            table.TryAdd(o, out _);
        }

        table.Release();
        var objects = NewObjects(20_000);
        var numbers = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var found = objects.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();

        numbers.Should().Equal(Enumerable.Range(0, objects.Length));
        found.Should().Equal(numbers);
    }

    [Fact]
    public void Release_ThenASmallerDumpOfSomeOfTheSameObjects_NumbersThemAsNewFromZero()
    {
        var objects = NewObjects(30_000);
        var table = new WrittenObjects();
        foreach (var o in objects)
        {
            table.TryAdd(o, out _);
        }

        table.Release();
        var next = new[] { objects[29_999], objects[0], objects[12_345] };
        var numbers = next.Select(o => (New: table.TryAdd(o, out var number), Number: number)).ToList();
        var again = next.Select(o => (New: table.TryAdd(o, out var number), Number: number)).ToList();

        numbers.Should().Equal((true, 0), (true, 1), (true, 2));
        again.Should().Equal((false, 0), (false, 1), (false, 2));
        table.Count.Should().Be(3);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(WrittenObjects.FewObjects)]
    [InlineData(WrittenObjects.FewObjects + 1)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(200)]
    public void TryAdd_ObjectsAddedTwice_AreNumberedInOrderOnceEach(int count)
    {
        var table = new WrittenObjects();
        var objects = NewObjects(count);

        for (var i = 0; i < count; i++)
        {
            table.TryAdd(objects[i], out var number).Should().BeTrue();
            number.Should().Be(i);
        }

        for (var i = count - 1; i >= 0; i--)
        {
            table.TryAdd(objects[i], out var number).Should().BeFalse();
            number.Should().Be(i);
        }
    }

    [Theory]
    [InlineData(new[] { 3, 3, 3 })]
    [InlineData(new[] { 32, 5 })]
    [InlineData(new[] { 5, 40, 5, 32 })]
    [InlineData(new[] { 2_000, 3, 2_000 })]
    public void Release_BetweenDumpsOfAnySize_EachDumpNumbersOnlyItsOwnObjects(int[] sizes)
    {
        var table = new WrittenObjects();
        object[] last = [];
        foreach (var size in sizes)
        {
            var objects = NewObjects(size);
            foreach (var o in last.Take(size))
            {
                table.TryAdd(o, out var number).Should().BeTrue("an object of the dump before is new to this one");
                number.Should().Be(table.Count - 1);
            }

            table.Release();
            for (var i = 0; i < size; i++)
            {
                table.TryAdd(objects[i], out var number).Should().BeTrue();
                number.Should().Be(i);
            }

            for (var i = 0; i < size; i++)
            {
                table.TryAdd(objects[i], out var number).Should().BeFalse();
                number.Should().Be(i);
            }

            table.Release();
            last = objects;
        }
    }

    [Fact]
    public void TryAdd_TwoObjectsInThreeInOnePartition_NumbersEachOnceAndFindsEachAgain()
    {
        // Partition 0 of 8 is partition 0 of 4 and of 2 as well: these objects fill one partition at every size the
        // table takes on the way to 8,192 objects, past the room any partition is laid out with, while one object in
        // three lies in the other partitions, next to it.
        var pool = NewObjects(60_000);
        var crowded = pool.Where(o => WrittenObjects.PartitionOf(RuntimeHelpers.GetHashCode(o), 8) == 0).Take(5_000).ToArray();
        var others = pool.Where(o => WrittenObjects.PartitionOf(RuntimeHelpers.GetHashCode(o), 8) != 0).Take(2_500).ToArray();
        var objects = crowded.Select((o, i) => i % 2 == 0 && i / 2 < others.Length ? new[] { o, others[i / 2] } : [o]).SelectMany(pair => pair).ToArray();
        var table = new WrittenObjects();

        var numbers = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var found = objects.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();

        crowded.Should().HaveCount(5_000, "the test needs more objects in one partition than it is laid out to hold");
        numbers.Should().Equal(Enumerable.Range(0, objects.Length));
        found.Should().Equal(numbers);
        table.Count.Should().Be(objects.Length);
    }

    [Fact]
    public void TryAdd_OnePartitionOutgrowingItsRoomAfterALargerDump_NumbersEachOnceAndFindsEachAgain()
    {
        // After a dump of 100,000 objects the next starts at that size (128 partitions, each laid out for about 1,300):
        // the 3,000 objects of partition 0 among 400,000 outgrow that twice, so the partitions get twice the room,
        // then half as many.
        var table = new WrittenObjects();
        foreach (var o in NewObjects(100_000))
        {
            table.TryAdd(o, out _);
        }

        table.Release();
        var pool = NewObjects(400_000);
        var objects = pool
            .Where(o => WrittenObjects.PartitionOf(RuntimeHelpers.GetHashCode(o), 128) == 0)
            .Concat(pool.Take(100))
            .Distinct()
            .ToArray();
        var numbers = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var found = objects.Reverse().Select(o => table.TryAdd(o, out var number) ? -1 : number).Reverse().ToList();

        WrittenObjects.PartitionsFor(1 << 17).Should().Be(128);
        objects.Should().HaveCountGreaterThan(2_800, "partition 0 of 128 holds about 3,100 of 400,000 objects");
        numbers.Should().Equal(Enumerable.Range(0, objects.Length));
        found.Should().Equal(numbers);
    }

    [Fact]
    public void TryAdd_MostObjectsInOnePartition_FallsBackToOnePartitionAndNumbersEachOnce()
    {
        // Partition 0 of 16 is partition 0 of 8, 4 and 2 as well. 9,000 such objects among 9,500 need 16 partitions
        // of 9,000 each at 16,384 objects of room, more than four times the room: the table keeps them in one partition.
        var pool = NewObjects(200_000);
        var crowded = pool.Where(o => WrittenObjects.PartitionOf(RuntimeHelpers.GetHashCode(o), 16) == 0).Take(9_000).ToArray();
        var objects = crowded.Concat(pool.Where(o => WrittenObjects.PartitionOf(RuntimeHelpers.GetHashCode(o), 16) != 0).Take(500)).ToArray();
        var table = new WrittenObjects();

        var numbers = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var partitions = table.PartitionCount;
        var found = objects.Reverse().Select(o => table.TryAdd(o, out var number) ? -1 : number).Reverse().ToList();
        table.Release();
        var afterwards = objects.Take(100).Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();

        crowded.Should().HaveCount(9_000, "the test needs more objects in one partition than four times the room allows for each");
        WrittenObjects.PartitionsFor(1 << 14).Should().Be(16);
        partitions.Should().Be(1);
        numbers.Should().Equal(Enumerable.Range(0, objects.Length));
        found.Should().Equal(numbers);
        afterwards.Should().Equal(Enumerable.Range(0, 100), "the next dump numbers its objects from zero again");
    }

    [Theory]
    [InlineData(31)]
    [InlineData(1_024)]
    [InlineData(2_049)]
    [InlineData(70_000)]
    public void TryAdd_DumpsOfGrowingSizes_EachNumbersItsObjectsFromZeroAndFindsThem(int count)
    {
        var table = new WrittenObjects();
        foreach (var size in new[] { count / 4, count, count * 2, 3 })
        {
            var objects = NewObjects(size);
            var numbers = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
            var found = objects.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();

            numbers.Should().Equal(Enumerable.Range(0, size));
            found.Should().Equal(numbers);
            table.Count.Should().Be(size);
            table.Release();
            table.Count.Should().Be(0);
        }
    }

    [Fact]
    public void PartitionsFor_LargeTables_SplitThemSoEachPartitionHoldsAboutTheSame()
    {
        WrittenObjects.PartitionsFor(WrittenObjects.FirstObjects).Should().Be(1);
        WrittenObjects.PartitionsFor(WrittenObjects.ObjectsPerPartition).Should().Be(1);
        WrittenObjects.PartitionsFor(1 << 19).Should().Be((1 << 19) / WrittenObjects.ObjectsPerPartition);

        var counts = new int[256];
        foreach (var o in NewObjects(256 * 200))
        {
            counts[WrittenObjects.PartitionOf(RuntimeHelpers.GetHashCode(o), 256)]++;
        }

        counts.Should().OnlyContain(c => c > 100 && c < 300, "identity hashes spread evenly over the partitions");
    }

    [Theory]
    [InlineData(3)]
    [InlineData(WrittenObjects.FirstObjects + 8)]
    public void Release_AfterADump_KeepsNoObjectAlive(int count)
    {
        var table = new WrittenObjects();

        var weak = AddAndRelease(table, count);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        weak.Should().OnlyContain(w => !w.IsAlive, "the table's own first arrays and the pooled ones are cleared");
        GC.KeepAlive(table);
    }

    [Fact]
    public void TryAdd_LargeDumpWithoutACollection_AnswersByAddressAndFindsEachAgain()
    {
        var objects = NewObjects(50_000);
        var table = new WrittenObjects();

        var (added, again, byAddress) = NoCollections.Run(() => (
            objects.Select(o => (New: table.TryAdd(o, out var number), Number: number)).ToList(),
            objects.Select(o => (New: table.TryAdd(o, out var number), Number: number)).ToList(),
            table.AnswersByAddress));

        byAddress.Should().BeTrue();
        added.Should().Equal(Enumerable.Range(0, objects.Length).Select(i => (true, i)));
        again.Should().Equal(Enumerable.Range(0, objects.Length).Select(i => (false, i)));
    }

    [Fact]
    public void TryAdd_DumpOfFewerObjectsThanAddressesFrom_AnswersByTheFilterAndFindsEachAgain()
    {
        var objects = NewObjects(WrittenObjects.AddressesFrom / 4);
        var table = new WrittenObjects();

        var added = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var again = objects.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();

        table.AnswersByAddress.Should().BeFalse();
        added.Should().Equal(Enumerable.Range(0, objects.Length));
        again.Should().Equal(added);
    }

    [Theory]
    [InlineData(WrittenObjects.FirstObjects + 1)]
    [InlineData(WrittenObjects.AddressesFrom)]
    [InlineData(20_000)]
    public void TryAdd_CollectionInTheMiddleOfADump_TurnsToHashesAndFindsEachAgain(int count)
    {
        var objects = NewObjects(count);
        var table = new WrittenObjects();
        var added = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();

        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var again = objects.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();
        var later = NewObjects(100).Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();

        table.AnswersByAddress.Should().BeFalse();
        added.Should().Equal(Enumerable.Range(0, count));
        again.Should().Equal(added);
        later.Should().Equal(Enumerable.Range(count, 100));
    }

    [Fact]
    public void TryAdd_ObjectsInMoreChunksOfMemoryThanTheTableAllows_TurnsToHashesAndFindsEachAgain()
    {
        // Groups of 50 objects with more than a chunk of memory after each: 40 chunks of bits, more than a table of
        // 2,048 objects allows.
        var spacers = new List<byte[]>();
        var objects = new List<object>();
        for (var i = 0; i < 2_000; i++)
        {
            objects.Add(new object());
            if (i % 50 == 49)
            {
                spacers.Add(new byte[SeenAddresses.ChunkBytes + 4_096]);
            }
        }

        var table = new WrittenObjects();
        var added = objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList();
        var again = objects.Select(o => table.TryAdd(o, out var number) ? -1 : number).ToList();

        GC.KeepAlive(spacers);
        table.AnswersByAddress.Should().BeFalse();
        added.Should().Equal(Enumerable.Range(0, objects.Count));
        again.Should().Equal(added);
    }

    [Fact]
    public void Release_AfterADumpThatTurnedToHashes_AnswersByAddressInTheNextDump()
    {
        var table = new WrittenObjects();
        foreach (var o in NewObjects(2_000))
        {
            table.TryAdd(o, out _);
        }

        GC.Collect();
        table.TryAdd(new object(), out _);
        var before = table.AnswersByAddress;
        table.Release();
        var objects = NewObjects(2_000);

        var (numbers, after) = NoCollections.Run(() => (
            objects.Select(o => table.TryAdd(o, out var number) ? number : -1).ToList(),
            table.AnswersByAddress));

        before.Should().BeFalse();
        after.Should().BeTrue();
        numbers.Should().Equal(Enumerable.Range(0, objects.Length));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] AddAndRelease(WrittenObjects table, int count)
    {
        var objects = NewObjects(count);
        foreach (var o in objects)
        {
            table.TryAdd(o, out _);
        }

        table.Release();
        return [.. objects.Select(o => new WeakReference(o))];
    }

    private static object[] NewObjects(int count) =>
        Enumerable.Range(0, count).Select(i => i % 2 == 0 ? new object() : (object)new List<int> { i }).ToArray();
}
