using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Reflection;
using MessagePack;
using MessagePack.Resolvers;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Values that used to come back close to what was dumped but not the same (issue 14): arrays with lower bounds,
/// strings that are not valid UTF-16, array segments, collections over what they wrap, and the BCL's singletons.
/// </summary>
public class ExactValueTests
{
    private static readonly PickleOptions References = PickleOptions.Default with { PreserveReferences = true };

    private static readonly Dictionary<string, PickleOptions> Options = new()
    {
        ["default"] = PickleOptions.Default,
        ["references"] = References,
        ["signed, lz4"] = PickleOptions.Default with { SigningKey = new byte[32], Compression = PickleCompression.Lz4 },
    };

    private static readonly RoundTripCases Cases = new()
    {
        { "lone high surrogate", "a\uD800b", (loaded, value) => loaded.Should().Be(value) },
        { "lone low surrogate", "\uDC00", (loaded, value) => loaded.Should().Be(value) },
        { "surrogates in the wrong order", "x\uDC00\uD800y", (loaded, value) => loaded.Should().Be(value) },
        { "lone surrogate in a long string", new string('é', 70_000) + "\uD83D", (loaded, value) => loaded.Should().Be(value) },
        { "lone surrogate as object", (object)"\uD800", (loaded, value) => loaded.Should().Be(value) },
        { "lone surrogate keys", new Dictionary<string, int> { ["\uD800"] = 1, ["\uD801"] = 2, ["\uD83D\uDE00"] = 3 } },
        { "lone surrogate in a string member", new ScalarFields { Text = "\uDFFFz" }, (loaded, value) => loaded.Text.Should().Be(value.Text) },
        { "lone surrogates in a list", new List<string?> { "ok", "\uD800", null } },
        { "lone surrogate in a StringBuilder", new System.Text.StringBuilder("a\uD800"), (loaded, value) => loaded.ToString().Should().Be(value.ToString()) },
        { "ArraySegment<int> of 1, 2", new ArraySegment<int>([1, 2, 3, 4], 1, 2), (loaded, value) => SameSegment(loaded, value) },
        { "ArraySegment<string> of 0, 1", new ArraySegment<string>(["a", "b"], 0, 1), (loaded, value) => SameSegment(loaded, value) },
        { "ArraySegment<byte> of 2, 0", new ArraySegment<byte>([1, 2, 3], 2, 0), (loaded, value) => SameSegment(loaded, value) },
        { "ArraySegment<int> whole", new ArraySegment<int>([7, 8]), (loaded, value) => SameSegment(loaded, value) },
        { "ArraySegment<int> default", default(ArraySegment<int>), (loaded, value) => loaded.Array.Should().BeNull() },
        { "ReadOnlyCollection<int> over List<int>", new ReadOnlyCollection<int>(new List<int> { 1, 2 }), (loaded, value) => Wrapped(loaded).Should().BeOfType<List<int>>() },
        { "ReadOnlyCollection<string> over string[]", new ReadOnlyCollection<string>(new[] { "a" }), (loaded, value) => Wrapped(loaded).Should().BeOfType<string[]>() },
        { "Collection<int> over int[]", new Collection<int>(new[] { 1, 2 }), (loaded, value) => Wrapped(loaded).Should().BeOfType<int[]>() },
        { "Collection<string> over List<string>", new Collection<string> { "a" }, (loaded, value) => Wrapped(loaded).Should().BeOfType<List<string>>() },
        { "BindingList<int> over int[]", new BindingList<int>(new[] { 1, 2 }), (loaded, value) => Wrapped(loaded).Should().BeOfType<int[]>() },
        { "BindingList<int> over List<int>", new BindingList<int> { 3 }, (loaded, value) => Wrapped(loaded).Should().BeOfType<List<int>>() },
        { "DBNull", DBNull.Value, (loaded, value) => loaded.Should().BeSameAs(DBNull.Value) },
        { "DBNull as object", (object)DBNull.Value, (loaded, value) => loaded.Should().BeSameAs(DBNull.Value) },
        { "DBNull in object[]", new object[] { 1, DBNull.Value }, (loaded, value) => loaded[1].Should().BeSameAs(DBNull.Value) },
        { "Missing", Missing.Value, (loaded, value) => loaded.Should().BeSameAs(Missing.Value) },
        { "EventArgs.Empty", EventArgs.Empty, (loaded, value) => loaded.Should().BeSameAs(EventArgs.Empty) },
    };

    private static readonly Dictionary<string, Array> BoundedArrays = new()
    {
        ["string[,] from 3, 4"] = Grid(),
        ["decimal[,,] from -2, 0, 7"] = Bounded(typeof(decimal), [2, 1, 3], [-2, 0, 7], i => i + 0.10m),
        ["int[,] from 3, 4"] = Bounded(typeof(int), [2, 3], [3, 4], i => i),
        ["string[,,,,] of rank 5 from 1"] = Bounded(typeof(string), [1, 2, 1, 2, 1], [1, 1, 1, 1, 1], i => $"s{i}"),
        ["int[*] from 1"] = Bounded(typeof(int), [3], [1], i => i * 10),
        ["string[*] from -5"] = Bounded(typeof(string), [2], [-5], i => $"v{i}"),
        ["object[*] from 2, empty"] = Bounded(typeof(object), [0], [2], i => i),
    };

    public static TheoryData<string, string> EveryBoundedArray()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in BoundedArrays.Keys)
        {
            foreach (var options in Options.Keys)
            {
                data.Add(name, options);
            }
        }

        return data;
    }

    public static TheoryData<string, string> EveryCase()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in Cases)
        {
            foreach (var options in Options.Keys)
            {
                data.Add(name, options);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryCase))]
    public void EveryEntryPoint_ExactCase_LoadsTheSameValue(string name, string options) =>
        Cases.CheckEveryEntryPoint(name, Options[options], EntryPoint.All);

    [Theory]
    [MemberData(nameof(EveryBoundedArray))]
    public void EveryEntryPoint_ArrayWithLowerBounds_KeepsItsBoundsAndType(string name, string options)
    {
        var value = BoundedArrays[name];
        var asDeclared = typeof(EntryPoint).GetMethod(nameof(EntryPoint.RoundTrip))!.MakeGenericMethod(value.GetType());
        foreach (var entryPoint in EntryPoint.All)
        {
            using var scope = new FluentAssertions.Execution.AssertionScope(entryPoint.Name);
            SameBounds((Array)asDeclared.Invoke(entryPoint, [value, Options[options]])!, value);
            SameBounds(entryPoint.RoundTrip<Array>(value, Options[options]), value);
            SameBounds((Array)entryPoint.RoundTrip<object[]>([value], Options[options])[0], value);
        }
    }

    [Fact]
    public void Dump_OrdinaryString_WritesMessagePackStr()
    {
        var payload = FrameBuilder.Payload(Pickle.DumpToBytes("pickle"));

        payload.Should().Equal(FrameBuilder.Hex("A6 70 69 63 6B 6C 65"));
    }

    [Fact]
    public void Dump_LoneSurrogate_WritesExtensionOfUtf16CodeUnits()
    {
        var payload = FrameBuilder.Payload(Pickle.DumpToBytes("a\uD800"));

        payload.Should().Equal(FrameBuilder.Hex("D6 53 61 00 00 D8"));
    }

    [Fact]
    public void Load_Utf16ExtensionOfOddLength_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(FrameBuilder.Hex("C7 03 53 61 00 00"));

        var load = () => Pickle.LoadFromBytes<string>(frame);

        load.Should().Throw<PickleException>().WithMessage("*UTF-16*odd*");
    }

    [Fact]
    public void Load_VersionOneGridShape_LoadsFromZero()
    {
        var grid = new[,] { { "a", "b" }, { "c", "d" } };
        var frame = FrameBuilder.Frame(MessagePackSerializer.Serialize(grid, StandardResolver.Options));

        var loaded = Pickle.LoadFromBytes<string[,]>(frame);

        loaded.Should().BeEquivalentTo(grid);
        loaded.GetLowerBound(0).Should().Be(0);
    }

    [Fact]
    public void Load_VersionOneSegmentShape_LoadsItsElements()
    {
        var frame = FrameBuilder.Frame(MessagePackSerializer.Serialize(new ArraySegment<string>(["a", "b", "c"], 1, 2), StandardResolver.Options));

        var loaded = Pickle.LoadFromBytes<ArraySegment<string>>(frame);

        loaded.Should().Equal("b", "c");
    }

    [Fact]
    public void Load_VersionOneReadOnlyCollectionShape_LoadsItsElements()
    {
        var frame = FrameBuilder.Frame(MessagePackSerializer.Serialize(new ReadOnlyCollection<string>(["a", "b"]), StandardResolver.Options));

        var loaded = Pickle.LoadFromBytes<ReadOnlyCollection<string>>(frame);

        loaded.Should().Equal("a", "b");
    }

    [Fact]
    public void Dump_GridFromZero_WritesTheVersionOneShape()
    {
        var grid = new[,] { { "a", "b" }, { "c", "d" } };

        FrameBuilder.Payload(Pickle.DumpToBytes(grid)).Should().Equal(MessagePackSerializer.Serialize(grid, StandardResolver.Options));
    }

    [Fact]
    public void Load_GridWhoseLengthsDoNotMatchItsElements_ThrowsPickleException()
    {
        var payload = PayloadTools.Write((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(3);
            writer.Write(2);
            writer.Write(2);
            writer.WriteArrayHeader(1);
            writer.Write("a");
        });

        var load = () => Pickle.LoadFromBytes<string[,]>(FrameBuilder.Frame(payload));

        load.Should().Throw<PickleException>().WithMessage("*2 × 2*1 element*");
    }

    [Fact]
    public void Load_SharedArrayUnderTwoSegments_KeepsOneArray()
    {
        var array = new[] { 1, 2, 3 };
        var pair = (new ArraySegment<int>(array, 0, 1), new ArraySegment<int>(array, 1, 2));

        var loaded = Pickle.LoadFromBytes<(ArraySegment<int>, ArraySegment<int>)>(Pickle.DumpToBytes(pair, References), References);

        loaded.Item1.Array.Should().BeSameAs(loaded.Item2.Array);
    }

    [Fact]
    public void Load_ListSharedByReadOnlyCollection_KeepsOneList()
    {
        var list = new List<int> { 1 };
        var pair = (list, new ReadOnlyCollection<int>(list));

        var loaded = Pickle.LoadFromBytes<(List<int>, ReadOnlyCollection<int>)>(Pickle.DumpToBytes(pair, References), References);

        loaded.Item1.Add(2);
        loaded.Item2.Should().Equal(1, 2);
    }

    [Fact]
    public void Dump_ReadOnlyCollectionOverUnallowedList_ThrowsPickleExceptionNamingIt()
    {
        var collection = new ReadOnlyCollection<int>(new UnallowedList());

        var dump = () => Pickle.DumpToBytes(collection);

        dump.Should().Throw<PickleException>().WithMessage("*UnallowedList*not allowed*AllowedTypes*");
    }

    private static string[,] Grid()
    {
        var grid = (string[,])Array.CreateInstance(typeof(string), [2, 2], [3, 4]);
        grid[3, 4] = "a";
        grid[4, 5] = "d";
        return grid;
    }

    private static Array Bounded(Type element, int[] lengths, int[] lowerBounds, Func<int, object> value)
    {
        var array = Array.CreateInstance(element, lengths, lowerBounds);
        var i = 0;
        foreach (var index in Indices(array))
        {
            array.SetValue(value(i++), index);
        }

        return array;
    }

    private static IEnumerable<int[]> Indices(Array array)
    {
        if (array.Length == 0)
        {
            yield break;
        }

        var index = Enumerable.Range(0, array.Rank).Select(array.GetLowerBound).ToArray();
        while (true)
        {
            yield return (int[])index.Clone();
            var dimension = array.Rank - 1;
            while (dimension >= 0 && ++index[dimension] > array.GetUpperBound(dimension))
            {
                index[dimension] = array.GetLowerBound(dimension);
                dimension--;
            }

            if (dimension < 0)
            {
                yield break;
            }
        }
    }

    private static void SameBounds(Array loaded, Array value)
    {
        loaded.GetType().Should().Be(value.GetType());
        for (var dimension = 0; dimension < value.Rank; dimension++)
        {
            loaded.GetLowerBound(dimension).Should().Be(value.GetLowerBound(dimension));
            loaded.GetLength(dimension).Should().Be(value.GetLength(dimension));
        }

        foreach (var index in Indices(value))
        {
            loaded.GetValue(index).Should().Be(value.GetValue(index));
        }
    }

    private static void SameSegment<T>(ArraySegment<T> loaded, ArraySegment<T> value)
    {
        loaded.Offset.Should().Be(value.Offset);
        loaded.Count.Should().Be(value.Count);
        loaded.Array.Should().Equal(value.Array);
    }

    private static object Wrapped<T>(IList<T> collection) =>
        (collection is ReadOnlyCollection<T>
            ? typeof(ReadOnlyCollection<T>).GetField("list", BindingFlags.NonPublic | BindingFlags.Instance)!
            : typeof(Collection<T>).GetField("items", BindingFlags.NonPublic | BindingFlags.Instance)!).GetValue(collection)!;

    private sealed class UnallowedList : List<int>;
}
