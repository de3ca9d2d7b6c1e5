using System.Runtime.CompilerServices;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

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
    [InlineData(8)]
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

    [Theory]
    [InlineData(3)]
    [InlineData(1_000)]
    public void Release_AfterADump_KeepsNoObjectAlive(int count)
    {
        var table = new WrittenObjects();
        var written = AddAndForget(table, count);

        table.Release();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        written.Count(w => w.IsAlive).Should().Be(0);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static List<WeakReference> AddAndForget(WrittenObjects table, int count)
    {
        var written = new List<WeakReference>();
        foreach (var o in NewObjects(count))
        {
            table.TryAdd(o, out _);
            written.Add(new WeakReference(o));
        }

        return written;
    }

    private static object[] NewObjects(int count) =>
        Enumerable.Range(0, count).Select(i => i % 2 == 0 ? new object() : (object)new List<int> { i }).ToArray();
}
