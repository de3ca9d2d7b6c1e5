using MessagePack;
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
    [MemberData(nameof(EntryPoints))]
    public void Load_ValuesWithTooManyValues_FailsTheSameOnEveryEntryPoint(EntryPoint entry)
    {
        var frame = Frame<List<GaugeV1>>(Payload("values of one value too many"));

        var act = () => entry.Load<List<GaugeV1>>(frame, null);

        act.Should().Throw<PickleException>().WithMessage("*5 value(s)*4 member(s)*");
    }

    [Fact]
    public void Load_MarkInAListOfInts_ThrowsPickleException()
    {
        var frame = Frame<List<int>>(Marked((ref MessagePackWriter w) => w.Write(1), (ref MessagePackWriter w) => w.Write(2)));

        var act = () => Pickle.LoadFromBytes<List<int>>(frame);

        act.Should().Throw<PickleException>().Which.Should().BeOfType<PickleException>();
    }

    [Fact]
    public void Load_MarkInAListOfStrings_ThrowsPickleException()
    {
        var frame = Frame<List<string>>(Marked((ref MessagePackWriter w) => w.Write("a"), (ref MessagePackWriter w) => w.Write("b")));

        var act = () => Pickle.LoadFromBytes<List<string>>(frame);

        act.Should().Throw<PickleException>().Which.Should().BeOfType<PickleException>();
    }

    [Fact]
    public void Load_KeyedListWithAConverterOfItsElementsAtLoad_ThrowsPickleExceptionSayingHowItWasSaved()
    {
        var frame = Pickle.DumpToBytes(new List<GaugeV1> { new() { Id = 1, Label = "a" }, new() { Id = 2, Label = "b" } });

        var act = () => Pickle.LoadFromBytes<List<GaugeV1>>(frame, PickleOptions.Default with { Converters = [new GaugeAsText()] });

        act.Should().Throw<PickleException>().WithMessage("*list of *GaugeV1 saved by the names of its members, but the load reads a *GaugeV1 otherwise*");
    }

    [Fact]
    public void Load_KeyedListsNestedBeyondMaxDepth_ThrowsPickleExceptionNamingMaxDepth()
    {
        var frame = Pickle.DumpToBytes(KeyedListTests.Branches(40));

        var act = () => Pickle.LoadFromBytes<Twig>(frame, PickleOptions.Default with { MaxDepth = 40 });

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Load_KeyedListsNestedWithinMaxDepth_Loads()
    {
        var root = KeyedListTests.Branches(40);

        var loaded = Pickle.LoadFromBytes<Twig>(Pickle.DumpToBytes(root), PickleOptions.Default with { MaxDepth = 200 });

        loaded.Should().BeEquivalentTo(root, o => o.AllowingInfiniteRecursion());
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
