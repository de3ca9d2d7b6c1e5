using System.Collections.ObjectModel;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Lists and arrays of records, which format version 5 writes with their field keys once (FORMAT.md, "Lists of
/// records"): every shape the rule covers round-trips, through every entry point (<see cref="RoundTrips"/> is one of
/// <see cref="MessagePackPickleSerializerTests.Suites"/>), and loads into later versions of its element type.
/// </summary>
public class KeyedListTests
{
    /// <summary>The round-trip cases of keyed lists, which <see cref="EntryPointMatrixTests"/> runs on every entry point with every kind of option.</summary>
    public static readonly RoundTripCases RoundTrips = new()
    {
        { "List<Reading>", Reading.List(3), SameTypesAndKinds },
        { "List<Reading> of one", Reading.List(1), SameTypesAndKinds },
        { "Reading[]", Reading.List(4).ToArray(), SameTypesAndKinds },
        { "List<Reading> with nulls", new List<Reading?> { null, Reading.Make(1), null, Reading.Make(2), Reading.Make(3), null }, SameTypesAndKinds },
        { "List<Reading> with a derived element", new List<Reading> { Reading.Make(1), Calibrated(2), Reading.Make(3), Reading.Make(4) }, SameTypesAndKinds },
        { "List<Reading> starting with a derived element", new List<Reading> { Calibrated(1), Reading.Make(2), Reading.Make(3) }, SameTypesAndKinds },
        { "List<Reading> with one element twice", Twice(), SameTypesAndKinds },
        { "List<Reading> of nulls only", new List<Reading?> { null, null } },
        { "List<Reading> of derived elements only", new List<Reading> { Calibrated(1), Calibrated(2) }, SameTypesAndKinds },
        { "Reading[][] jagged", new[] { Reading.List(2).ToArray(), [], Reading.List(3).ToArray() } },
        { "IReadOnlyList<Reading>", (IReadOnlyList<Reading>)Reading.List(3), SameTypesAndKinds },
        { "Dictionary<string, List<Reading>>", new Dictionary<string, List<Reading>> { ["a"] = Reading.List(2), ["b"] = Reading.List(3) } },
        { "List<Probe>", Probe.List(3) },
        { "Probe[]", Probe.List(2).ToArray() },
        { "Reading[,]", Grid(), (loaded, original) => loaded.Cast<Reading>().Select(r => r.Taken.Kind).Should().Equal(original.Cast<Reading>().Select(r => r.Taken.Kind)) },
        { "ReadOnlyCollection<Reading>", new ReadOnlyCollection<Reading>(Reading.List(3)), SameTypesAndKinds },
        { "List<List<Reading>>", new List<List<Reading>> { Reading.List(3), new(), Reading.List(1), Reading.List(2) } },
        { "List<Station>", Stations() },
        { "List<Order>", new List<Order> { Order(1), Order(2), Order(3) } },
        { "List<Account> of private setters", new List<Account> { Account.Open("Ada", 1.50m), Account.Open("Grace", -0.0m) } },
        { "List<Settings> of init-only members", new List<Settings> { new() { Name = "a", Retries = 1, Timeout = TimeSpan.FromTicks(-1) }, new() { Name = "b" } } },
        { "List<Money> of a constructor-only class", new List<Money> { new(1.000m, "EUR"), new(2m, "GBP"), new(-3.5m, "USD") } },
        { "List<Person> of records", new List<Person> { new("Ada", new DateOnly(1815, 12, 10), ["Countess"]), new("Grace", DateOnly.MinValue, []) } },
        { "List<MutablePair> of a struct with fields", new List<MutablePair> { new() { Left = 1, Right = "r" }, new() { Left = -2 }, new() { Right = "" } } },
        { "List<Measurement> of a readonly struct", new List<Measurement> { new(1.5, "m"), new(-0.0, "s") } },
        { "List<LedgerAccount> of private state", new List<LedgerAccount> { new("Ada", 10.10m), new("Linus", 0m) } },
        { "List<ImmutablePoint3>", new List<ImmutablePoint3> { new(1, 2, 3), new(-1, -2, -3) } },
        { "List<Member>", new List<Member> { Sample.Member, Sample.Member with { Name = "Grace", Tags = [] } } },
        { "List<ScalarFields>", new List<ScalarFields> { new() { Count = 1, Ratio = double.NaN, When = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Local), Text = "a" }, new() { Total = long.MinValue, Scale = -0.0f, Flag = true }, new() } },
        { "List<BlockFields>", new List<BlockFields> { new() { First = 3, Values = [1, 2, 3], Weights = [0.5], Last = "z" }, new() { Last = "n" }, new() { First = -1, Values = [], Weights = [double.NaN] } } },
        { "List<Tree<int>> of a generic class", new List<Tree<int>> { new() { Value = 1, Children = [new() { Value = 2 }, new() { Value = 3 }] }, new() { Value = 4 } } },
    };

    public static TheoryData<string> RoundTripCases => RoundTrips.Names;

    public static TheoryData<EntryPoint> EntryPoints => [.. EntryPoint.All];

    private static readonly PickleOptions References = PickleOptions.Default with { PreserveReferences = true };

    [Theory]
    [MemberData(nameof(RoundTripCases))]
    public void RoundTrip_KeyedList_LoadsExactValues(string name) => RoundTrips.Check(name);

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_SameRecordTwiceWithReferences_LoadsOneObjectOnEveryEntryPoint(EntryPoint entry)
    {
        var list = Twice();

        var loaded = entry.RoundTrip(list, References);

        Faithful.ShouldBeSame(loaded, list);
        loaded[2].Should().BeSameAs(loaded[0], "the list held one reading twice");
        loaded[1].Should().NotBeSameAs(loaded[0]);
        loaded[3].Should().NotBeSameAs(loaded[0]);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_ListWhoseFirstElementIsABackReference_TakesTheKeysFromTheNextOnEveryEntryPoint(EntryPoint entry)
    {
        var shared = Reading.Make(1);
        var value = (First: shared, List: new List<Reading> { shared, Reading.Make(2), Reading.Make(3) });

        var loaded = entry.RoundTrip(value, References);

        loaded.List[0].Should().BeSameAs(loaded.First);
        Faithful.ShouldBeSame(loaded.List, value.List);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_KeyedListInACycle_KeepsEveryLinkOnEveryEntryPoint(EntryPoint entry)
    {
        var root = new TreeNode { Name = "root" };
        var first = new TreeNode { Name = "first", Parent = root };
        var second = new TreeNode { Name = "second", Parent = root };
        root.Children.AddRange([first, second, first]);

        var loaded = entry.RoundTrip(root, References);

        loaded.Children.Select(c => c.Name).Should().Equal("first", "second", "first");
        loaded.Children[2].Should().BeSameAs(loaded.Children[0]);
        loaded.Children.Should().OnlyContain(c => ReferenceEquals(c.Parent, loaded), "every child points back at the root");
    }

    [Fact]
    public void Clone_KeyedListWithReferences_GivesEqualValuesAndKeepsIdentity()
    {
        var list = Twice();

        var clone = Pickle.Clone(list, References);

        Faithful.ShouldBeSame(clone, list);
        clone[2].Should().BeSameAs(clone[0]);
        clone[0].Should().NotBeSameAs(list[0]);
    }

    [Fact]
    public void Load_ListOfAnOlderVersion_LoadsRenamedKeepsAddedDefaultAndSkipsRemoved()
    {
        var older = new List<GaugeV1>
        {
            new() { Id = 1, Label = "one", Fax = "+1", Level = 0.5 },
            new() { Id = 2, Label = "two", Fax = null, Level = -0.0 },
            new() { Id = 3, Label = null, Fax = "+3", Level = double.NaN },
        };

        var loaded = Pickle.LoadFromBytes<List<GaugeV2>>(SavedAs<List<GaugeV2>>(Pickle.DumpToBytes(older)));

        loaded.Select(g => (g.Id, g.Caption, g.Priority)).Should().Equal((1, "one", 3), (2, "two", 3), (3, null, 3));
        loaded.Select(g => BitConverter.DoubleToInt64Bits(g.Level)).Should().Equal(older.Select(g => BitConverter.DoubleToInt64Bits(g.Level)));
    }

    [Fact]
    public void Load_ArrayOfANewerVersion_LoadsIntoTheOlderOne()
    {
        var newer = new[] { new GaugeV2 { Id = 1, Caption = "one", Level = 1, Priority = 9 }, new GaugeV2 { Id = 2, Caption = "two", Level = 2, Priority = 8 } };

        var loaded = Pickle.LoadFromBytes<GaugeV1[]>(SavedAs<GaugeV1[]>(Pickle.DumpToBytes(newer)));

        // The newer type named the member Caption, which the older one does not know by that name.
        loaded.Select(g => (g.Id, g.Label, g.Fax, g.Level)).Should().Equal((1, null, null, 1.0), (2, null, null, 2.0));
    }

    [Fact]
    public void Load_RemovedMemberThatIsAKeyedList_SkipsItsKeysWithItAndLoadsTheNextRecords()
    {
        var older = new List<PanelV1>
        {
            new() { Id = 1, Name = "first", Gauges = [new() { Id = 10, Label = "a" }, new() { Id = 11, Label = "b" }, new() { Id = 12 }] },
            new() { Id = 2, Name = "second", Gauges = [new() { Id = 20, Label = "c" }, new() { Id = 21, Label = "d" }] },
            new() { Id = 3, Name = "third", Gauges = [] },
        };

        var loaded = Pickle.LoadFromBytes<List<PanelV2>>(SavedAs<List<PanelV2>>(Pickle.DumpToBytes(older)));

        loaded.Select(p => (p.Id, p.Name)).Should().Equal((1, "first"), (2, "second"), (3, "third"));
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_ListOfAnOlderVersion_LoadsTheSameOnEveryEntryPoint(EntryPoint entry)
    {
        var older = new List<PanelV1>
        {
            new() { Id = 1, Name = "first", Gauges = [new() { Id = 10, Label = "a" }, new() { Id = 11, Label = "b" }] },
            new() { Id = 2, Name = "second", Gauges = [new() { Id = 20, Label = "c" }, new() { Id = 21, Label = "d" }] },
        };

        var loaded = entry.Load<List<PanelV2>>(SavedAs<List<PanelV2>>(Pickle.DumpToBytes(older)), null);

        loaded.Select(p => (p.Id, p.Name)).Should().Equal((1, "first"), (2, "second"));
    }

    [Fact]
    public void RoundTrip_ListOfRecordsWithCallbacks_RunsEveryCallbackOfEveryElement()
    {
        var list = new List<CallbackCounter> { new() { Values = [1, 2] }, new() { Values = [3] }, new() { Values = [] } };

        var loaded = Pickle.LoadFromBytes<List<CallbackCounter>>(Pickle.DumpToBytes(list));

        list.Select(c => c.Dumped).Should().Equal(1, 1, 1);
        loaded.Select(c => (c.Dumped, c.Loaded, c.Sum)).Should().Equal((1, true, 3), (1, true, 3), (1, true, 0));
    }

    [Fact]
    public void RoundTrip_ListOfRecordsWithSerializationCallbacks_RunsThemAsForOneRecordForEveryElement()
    {
        var list = new List<CallbackRecorder> { new() { Value = 1 }, new() { Value = 2 }, new() { Value = 3 } };
        var alone = new CallbackRecorder { Value = 2 };
        var loadedAlone = Pickle.LoadFromBytes<CallbackRecorder>(Pickle.DumpToBytes(alone));

        var loaded = Pickle.LoadFromBytes<List<CallbackRecorder>>(Pickle.DumpToBytes(list));

        list[1].Events.Should().Equal(alone.Events, "the second element's values are dumped as one record is");
        list[2].Events.Should().Equal(alone.Events.Select(e => e.Replace("2", "3", StringComparison.Ordinal)));
        loaded.Select(r => r.Value).Should().Equal(1, 2, 3);
        loaded[1].Events.Should().Equal(loadedAlone.Events).And.Contain(["OnDeserialized 2", "OnLoaded 2"]);
        loaded[0].Events.Should().Equal(loadedAlone.Events.Select(e => e.Replace("2", "1", StringComparison.Ordinal)));
        loaded[2].Events.Should().Equal(loadedAlone.Events.Select(e => e.Replace("2", "3", StringComparison.Ordinal)));
    }

    [Fact]
    public void RoundTrip_ListOfStructsWithCallbacks_KeepsWhatTheyRunOnEveryElement()
    {
        var list = new List<CallbackStruct> { new() { Value = 1 }, new() { Value = 2 }, new() { Value = 3 } };

        var loaded = Pickle.LoadFromBytes<List<CallbackStruct>>(Pickle.DumpToBytes(list));

        loaded.Select(s => s.LoadedBy).Should().Equal("OnDeserialized 1", "OnDeserialized 2", "OnDeserialized 3");
    }

    /// <summary>
    /// Frames a frame's value, dumped as one type, under the root type <typeparamref name="T"/>, as an older or newer
    /// version of the same type wrote it.
    /// </summary>
    internal static byte[] SavedAs<T>(byte[] frame) => RawFrames.BuildCurrent(RawFrames.RootTyped(typeof(T), RawFrames.PayloadOf(frame)));

    private static Order Order(int i) => new()
    {
        Id = i,
        Customer = i == 2 ? null : $"customer {i}",
        Total = i * 1.10m,
        Placed = new DateTime(2024, 1, i, 3, 4, 5, (DateTimeKind)(i % 3)),
        Lines = [.. Enumerable.Repeat("line", i)],
        Color = (Color)i,
        Discount = i == 3 ? 5 : null,
    };

    private static CalibratedReading Calibrated(int i)
    {
        var reading = Reading.Make(i);
        return new CalibratedReading { Id = reading.Id, Value = reading.Value, Label = "calibrated", Taken = reading.Taken, Samples = [7], Offset = 0.125 };
    }

    private static List<Reading> Twice()
    {
        var repeated = Reading.Make(1);
        return [repeated, Reading.Make(2), repeated, Reading.Make(3)];
    }

    private static Reading[,] Grid()
    {
        var grid = new Reading[2, 3];
        for (var i = 0; i < 2; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                grid[i, j] = Reading.Make((i * 3) + j + 1);
            }
        }

        return grid;
    }

    private static List<Station> Stations() =>
    [
        new() { Name = "north", Readings = Reading.List(3) },
        new() { Name = "south", Readings = [] },
        new() { Name = "east", Readings = Reading.List(1) },
        new() { Name = "west", Readings = [Reading.Make(9), Calibrated(10), Reading.Make(11)] },
    ];

    /// <summary>A twig whose twigs are, at each level, a leaf and then the next level down: <paramref name="depth"/> keyed lists deep.</summary>
    internal static Twig Branches(int depth) => new()
    {
        Id = depth,
        Twigs = depth == 0 ? null : [new Twig { Id = -depth }, Branches(depth - 1)],
    };

    private static void SameTypesAndKinds(IReadOnlyList<Reading?> loaded, IReadOnlyList<Reading?> original)
    {
        loaded.Select(r => r?.GetType()).Should().Equal(original.Select(r => r?.GetType()), "each element keeps its own type");
        loaded.Select(r => r?.Taken.Kind).Should().Equal(original.Select(r => r?.Taken.Kind), "each DateTime keeps its kind");
    }
}
