using MessagePack;
using Pickling.Internal;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Lists whose field keys are written once, damaged or made by hand (in frames with checksums that match): each must
/// fail with a <see cref="PickleException"/> that names the problem, never another exception nor a wrong value.
/// </summary>
public class KeyedListHostileInputTests
{
    private const sbyte KeysOnce = PickleExtensions.KeysOnce;

    public static TheoryData<EntryPoint> EntryPoints => [.. EntryPoint.All];

    public static readonly TheoryData<string, string> Damaged = new()
    {
        { "values before any map", "*GaugeV1*without the names of its members, before any element of the list gave them*" },
        { "values of one value too many", "*[1]: the pickle holds 5 value(s) of a *GaugeV1, where the list's first element named 4 member(s)*" },
        { "values of one value too few", "*[1]: the pickle holds 3 value(s) of a *GaugeV1, where the list's first element named 4 member(s)*" },
        { "mark holding true", "*damaged list of *GaugeV1*" },
        { "mark holding an int", "*damaged list of *GaugeV1*" },
        { "mark and no element", "*damaged list of *GaugeV1*" },
        { "mark and one element", "*damaged list of *GaugeV1*" },
        { "mark as ext8", "*[0]: the pickle holds a list whose keys are written once where the type expects a *GaugeV1*" },
        { "mark after the first element", "*[1]: the pickle holds a list whose keys are written once where the type expects a *GaugeV1*" },
        { "mark twice", "*[0]: the pickle holds a list whose keys are written once where the type expects a *GaugeV1*" },
        { "values without the mark", "*[1]: the pickle holds a list of 4*where the type expects a *GaugeV1, which is saved as a map of its members*" },
    };

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Load_DamagedKeyedList_ThrowsPickleExceptionNamingTheProblem(string name, string message)
    {
        var frame = Frame<List<GaugeV1>>(Payload(name));

        var error = Record.Exception(() => Pickle.LoadFromBytes<List<GaugeV1>>(frame));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Match(message);
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Load_DamagedKeyedArray_ThrowsPickleException(string name, string message)
    {
        var frame = Frame<GaugeV1[]>(Payload(name));

        var error = Record.Exception(() => Pickle.LoadFromBytes<GaugeV1[]>(frame));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Match(message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void Load_KeyedListInAFrameOfAnEarlierVersion_ThrowsPickleExceptionNamingTheVersion(byte version)
    {
        // The payload Pickle writes today, in a frame of a version that never wrote a list's keys once.
        var gauges = new List<GaugeV1> { new() { Id = 1, Label = "a", Level = 0.5 }, new() { Id = 2, Label = "b", Level = 1.5 } };
        var payload = FrameBuilder.Payload(Pickle.DumpToBytes(gauges));
        var older = FrameBuilder.CompactFrame(payload, version: version);
        var current = FrameBuilder.CompactFrame(payload, version: FrameHeader.CurrentVersion);

        var error = Record.Exception(() => Pickle.LoadFromBytes<List<GaugeV1>>(older));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Match("*list of *GaugeV1 whose members' names are written once, which only format version 5 and later write*");
        Pickle.LoadFromBytes<List<GaugeV1>>(current).Should().BeEquivalentTo(gauges);
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_ValuesWithTooManyValues_FailsTheSameOnEveryEntryPoint(EntryPoint entry)
    {
        var frame = Frame<List<GaugeV1>>(Payload("values of one value too many"));

        var act = () => entry.Load<List<GaugeV1>>(frame, null);

        act.Should().Throw<PickleException>().WithMessage("*5 value(s)*4 member(s)*");
    }

    [Fact]
    public void Load_InnerListOfTheSameTypeStartingWithValues_DoesNotTakeTheOuterListsKeys()
    {
        // [mark, {Id: 1, Twigs: nil}, [2, [mark, [3, nil], [4, nil]]]]: the inner list's keys are its own, and it gave none.
        var frame = Frame<List<Twig>>(Marked(
            (ref MessagePackWriter w) => TwigMap(ref w, 1),
            (ref MessagePackWriter w) =>
            {
                w.WriteArrayHeader(2);
                w.Write(2);
                w.WriteRaw(Marked((ref MessagePackWriter i) => TwigValues(ref i, 3), (ref MessagePackWriter i) => TwigValues(ref i, 4)));
            }));

        var act = () => Pickle.LoadFromBytes<List<Twig>>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Twig>[1].Twigs[0]: the pickle holds the values of a *Twig without the names of its members, before any element of the list gave them*");
    }

    [Fact]
    public void Load_StructValuesBeforeAnyMap_ThrowsPickleExceptionNamingTheProblem()
    {
        var frame = Frame<List<Probe>>(Marked((ref MessagePackWriter w) => ProbeValues(ref w, 3), ProbeMap));

        var act = () => Pickle.LoadFromBytes<List<Probe>>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Probe>[0]: the pickle holds the values of a *Probe without the names of its members, before any element of the list gave them*");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Load_StructValuesOfAnotherCount_ThrowsPickleExceptionNamingBothCounts(int count)
    {
        var frame = Frame<Probe[]>(Marked(ProbeMap, (ref MessagePackWriter w) => ProbeValues(ref w, count)));

        var act = () => Pickle.LoadFromBytes<Probe[]>(frame);

        act.Should().Throw<PickleException>().WithMessage($"*[1]: the pickle holds {count} value(s) of a *Probe, where the list's first element named 3 member(s)*");
    }

    [Fact]
    public void Load_StructsWithTheMark_LoadByTheFirstElementsKeys()
    {
        var frame = Frame<List<Probe>>(Marked(ProbeMap, (ref MessagePackWriter w) => ProbeValues(ref w, 3)));

        var loaded = Pickle.LoadFromBytes<List<Probe>>(frame);

        loaded.Should().Equal(new Probe { Channel = 1, Gain = 0.5, Name = "p" }, new Probe { Channel = 7, Gain = 0.5, Name = "p" });
    }

    private const string NotByFields = "*holds a list of * saved by the names of its members, but the load reads a * otherwise*";

    public static readonly TheoryData<string, string> MarkedListsOfOtherElements = new()
    {
        { "List<int>", "*List<System.Int32>: the pickle holds a value of its own kind where the type expects a System.Collections.Generic.List<System.Int32>*" },
        { "int[]", "*System.Int32[]: the pickle holds a value of its own kind where the type expects a System.Int32[]*" },
        { "List<string>", NotByFields },
        { "List<object>", NotByFields },
        { "List<int?>", NotByFields },
        { "List<DateTime>", NotByFields },
        { "List<(int, string)>", NotByFields },
    };

    [Theory]
    [MemberData(nameof(MarkedListsOfOtherElements))]
    public void Load_MarkInAListOfElementsNotWrittenByTheirFields_ThrowsPickleException(string list, string message)
    {
        Func<object?> load = list switch
        {
            "List<int>" => () => Pickle.LoadFromBytes<List<int>>(Frame<List<int>>(Marked(One, Two))),
            "int[]" => () => Pickle.LoadFromBytes<int[]>(Frame<int[]>(Marked(One, Two))),
            "List<string>" => () => Pickle.LoadFromBytes<List<string>>(Frame<List<string>>(Marked((ref MessagePackWriter w) => w.Write("a"), (ref MessagePackWriter w) => w.Write("b")))),
            "List<object>" => () => Pickle.LoadFromBytes<List<object>>(Frame<List<object>>(Marked(One, Two))),
            "List<int?>" => () => Pickle.LoadFromBytes<List<int?>>(Frame<List<int?>>(Marked(One, Two))),
            "List<DateTime>" => () => Pickle.LoadFromBytes<List<DateTime>>(Frame<List<DateTime>>(Marked(One, Two))),
            _ => () => Pickle.LoadFromBytes<List<(int, string)>>(Frame<List<(int, string)>>(Marked(Map, Map))),
        };

        var error = Record.Exception(load);

        error.Should().BeOfType<PickleException>().Which.Message.Should().Match(message);
    }

    [Fact]
    public void Load_KeyedListWithAConverterOfItsElementsAtLoad_ThrowsPickleExceptionSayingHowItWasSaved()
    {
        var frame = Pickle.DumpToBytes(new List<GaugeV1> { new() { Id = 1, Label = "a" }, new() { Id = 2, Label = "b" } });

        var act = () => Pickle.LoadFromBytes<List<GaugeV1>>(frame, PickleOptions.Default with { Converters = [new GaugeAsText()] });

        act.Should().Throw<PickleException>().WithMessage("*list of *GaugeV1 saved by the names of its members, but the load reads a *GaugeV1 otherwise*");
    }

    // Branches(40) is a twig, then 40 levels of a list and a twig, each next level in the values of its list: 81 deep.
    [Fact]
    public void Load_KeyedListsNestedOneBeyondMaxDepth_ThrowsPickleExceptionNamingMaxDepth()
    {
        var frame = Pickle.DumpToBytes(KeyedListTests.Branches(40));

        var act = () => Pickle.LoadFromBytes<Twig>(frame, PickleOptions.Default with { MaxDepth = 80 });

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Load_KeyedListsNestedToMaxDepth_Loads()
    {
        var root = KeyedListTests.Branches(40);

        var loaded = Pickle.LoadFromBytes<Twig>(Pickle.DumpToBytes(root), PickleOptions.Default with { MaxDepth = 81 });

        loaded.Should().BeEquivalentTo(root, o => o.AllowingInfiniteRecursion().WithStrictOrdering());
    }

    [Fact]
    public void Load_KeyedListsNestedBeyondTheDefaultMaxDepth_ThrowsPickleExceptionNamingMaxDepth()
    {
        var frame = Pickle.DumpToBytes(KeyedListTests.Branches(300), PickleOptions.Default with { MaxDepth = 1_000 });

        var act = () => Pickle.LoadFromBytes<Twig>(frame);

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Load_FirstMapDeclaringMoreKeysThanTheBytesHold_ThrowsPickleExceptionWithinBoundedAllocation()
    {
        var frame = Frame<List<GaugeV1>>(Marked((ref MessagePackWriter w) => w.WriteMapHeader(int.MaxValue), (ref MessagePackWriter w) => w.WriteNil()));

        var (error, allocated) = AllocationBombTests.Measure(() => Pickle.LoadFromBytes<List<GaugeV1>>(frame));

        error.Should().BeOfType<PickleException>();
        allocated.Should().BeLessThan(AllocationBombTests.Bound(frame.Length));
    }

    [Fact]
    public void Load_FirstMapOfMoreKeysThanTheBudgetAllows_ThrowsTheBudgetsPickleExceptionBeforeAllocating()
    {
        const int keys = 100_000;
        var frame = Frame<List<GaugeV1>>(Marked(
            (ref MessagePackWriter w) =>
            {
                w.WriteMapHeader(keys);
                for (var i = 0; i < keys; i++)
                {
                    w.Write("k");
                    w.WriteNil();
                }
            },
            (ref MessagePackWriter w) => w.WriteNil()));

        var (error, allocated) = AllocationBombTests.Measure(() => Pickle.LoadFromBytes<List<GaugeV1>>(frame, PickleOptions.Default with { MaxAllocation = 500_000 }));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Match("*100,000 field keys of a *GaugeV1*MaxAllocation*");
        allocated.Should().BeLessThan(keys * IntPtr.Size, "the keys' members are not allocated before the budget is spent");
    }

    /// <summary>The hand-made payloads of <see cref="Damaged"/>: lists of <see cref="GaugeV1"/>, whose map has four keys.</summary>
    private static byte[] Payload(string name) => name switch
    {
        "values before any map" => Marked((ref MessagePackWriter w) => Values(ref w, 4), Map),
        "values of one value too many" => Marked(Map, (ref MessagePackWriter w) => Values(ref w, 5)),
        "values of one value too few" => Marked(Map, (ref MessagePackWriter w) => Values(ref w, 3)),
        "mark holding true" => Elements((ref MessagePackWriter w) => Mark(ref w, (ref MessagePackWriter m) => m.Write(true)), Map, Map),
        "mark holding an int" => Elements((ref MessagePackWriter w) => Mark(ref w, (ref MessagePackWriter m) => m.Write(7)), Map, Map),
        "mark and no element" => Marked(),
        "mark and one element" => Marked(Map),
        "mark as ext8" => Elements((ref MessagePackWriter w) => w.WriteRaw([0xc7, 0x01, (byte)KeysOnce, 0xc0]), Map, (ref MessagePackWriter w) => Values(ref w, 4)),
        "mark after the first element" => Elements(Map, (ref MessagePackWriter w) => Mark(ref w, (ref MessagePackWriter m) => m.WriteNil()), (ref MessagePackWriter w) => Values(ref w, 4)),
        "mark twice" => Marked((ref MessagePackWriter w) => Mark(ref w, (ref MessagePackWriter m) => m.WriteNil()), Map, (ref MessagePackWriter w) => Values(ref w, 4)),
        "values without the mark" => Elements(Map, (ref MessagePackWriter w) => Values(ref w, 4)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static byte[] Frame<T>(byte[] value) => RawFrames.BuildCurrent(RawFrames.RootTyped(typeof(T), value));

    private delegate void Write(ref MessagePackWriter writer);

    /// <summary>An array of the mark and then <paramref name="elements"/>, counted with the mark.</summary>
    private static byte[] Marked(params Write[] elements) =>
        Elements([(ref MessagePackWriter w) => Mark(ref w, (ref MessagePackWriter m) => m.WriteNil()), .. elements]);

    private static byte[] Elements(params Write[] elements) => PayloadTools.Write((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(elements.Length);
        foreach (var element in elements)
        {
            element(ref writer);
        }
    });

    private static void Mark(ref MessagePackWriter writer, Write content)
    {
        var body = PayloadTools.Write((ref MessagePackWriter w) => content(ref w));
        writer.WriteExtensionFormatHeader(new ExtensionHeader(KeysOnce, body.Length));
        writer.WriteRaw(body);
    }

    private static void TwigMap(ref MessagePackWriter writer, int id)
    {
        writer.WriteMapHeader(2);
        writer.Write(nameof(Twig.Id));
        writer.Write(id);
        writer.Write(nameof(Twig.Twigs));
        writer.WriteNil();
    }

    private static void TwigValues(ref MessagePackWriter writer, int id)
    {
        writer.WriteArrayHeader(2);
        writer.Write(id);
        writer.WriteNil();
    }

    private static void ProbeMap(ref MessagePackWriter writer)
    {
        writer.WriteMapHeader(3);
        writer.Write(nameof(Probe.Channel));
        writer.Write(1);
        writer.Write(nameof(Probe.Gain));
        writer.Write(0.5);
        writer.Write(nameof(Probe.Name));
        writer.Write("p");
    }

    /// <summary>The values of a probe of channel 7, gain 0.5 and name "p", and of as many more values as <paramref name="count"/> asks.</summary>
    private static void ProbeValues(ref MessagePackWriter writer, int count)
    {
        writer.WriteArrayHeader(count);
        writer.Write(7);
        writer.Write(0.5);
        for (var i = 2; i < count; i++)
        {
            writer.Write("p");
        }
    }

    private static void One(ref MessagePackWriter writer) => writer.Write(1);

    private static void Two(ref MessagePackWriter writer) => writer.Write(2);

    private static void Map(ref MessagePackWriter writer)
    {
        writer.WriteMapHeader(4);
        writer.Write(nameof(GaugeV1.Id));
        writer.Write(1);
        writer.Write(nameof(GaugeV1.Label));
        writer.Write("one");
        writer.Write(nameof(GaugeV1.Fax));
        writer.WriteNil();
        writer.Write(nameof(GaugeV1.Level));
        writer.Write(0.5);
    }

    private static void Values(ref MessagePackWriter writer, int count)
    {
        writer.WriteArrayHeader(count);
        writer.Write(2);
        writer.Write("two");
        writer.WriteNil();
        for (var i = 3; i < count; i++)
        {
            writer.Write(1.5);
        }
    }

    /// <summary>A converter that saves a gauge as its label.</summary>
    private sealed class GaugeAsText : PickleSurrogate<GaugeV1, string>
    {
        public override string ToSurrogate(GaugeV1 value) => value.Label ?? string.Empty;

        public override GaugeV1 FromSurrogate(string surrogate) => new() { Label = surrogate };
    }
}
