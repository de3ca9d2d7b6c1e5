using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Issue 14, "comparers are kept": a dictionary or set loads with the comparer it was dumped with, on every entry
/// point, as the root and as a member, with and without PreserveReferences; a comparer that cannot be saved is an
/// error at dump; the default comparer costs nothing on the wire.
/// </summary>
public class CollectionComparerTests
{
    private static readonly Dictionary<string, PickleOptions> Options = new()
    {
        ["default"] = PickleOptions.Default,
        ["references"] = PickleOptions.Default with { PreserveReferences = true },
    };

    private static readonly RoundTripCases Cases = new()
    {
        {
            "Dictionary OrdinalIgnoreCase", new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Apple"] = 1, ["pear"] = 2 },
            (loaded, _) => { loaded["APPLE"].Should().Be(1); loaded.ContainsKey("PEAR").Should().BeTrue(); }
        },
        {
            "HashSet OrdinalIgnoreCase", new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Apple", "pear" },
            (loaded, _) => { loaded.Contains("APPLE").Should().BeTrue(); loaded.Add("PEAR").Should().BeFalse(); }
        },
        {
            "Dictionary InvariantCultureIgnoreCase", new Dictionary<string, int>(StringComparer.InvariantCultureIgnoreCase) { ["Straße"] = 1 },
            (loaded, _) => { loaded.ContainsKey("STRASSE").Should().Be(StringComparer.InvariantCultureIgnoreCase.Equals("Straße", "STRASSE")); loaded.ContainsKey("STRAßE").Should().BeTrue(); }
        },
        {
            "SortedSet InvariantCultureIgnoreCase", new SortedSet<string>(StringComparer.InvariantCultureIgnoreCase) { "b", "a", "C" },
            (loaded, _) => { loaded.Add("B").Should().BeFalse(); loaded.Should().Equal("a", "b", "C"); }
        },
        {
            "SortedDictionary Ordinal", new SortedDictionary<string, int>(StringComparer.Ordinal) { ["b"] = 1, ["B"] = 2, ["a"] = 3 },
            (loaded, _) => loaded.Keys.Should().Equal("B", "a", "b")
        },
        {
            "SortedDictionary descending", new SortedDictionary<int, string>(new DescendingComparer<int>()) { [1] = "one", [3] = "three", [2] = "two" },
            (loaded, _) => { loaded.Add(5, "five"); loaded.Keys.Should().Equal(5, 3, 2, 1); loaded.Comparer.Should().BeOfType<DescendingComparer<int>>(); }
        },
        {
            "SortedSet descending", new SortedSet<int>(new DescendingComparer<int>()) { 1, 3, 2 },
            (loaded, _) => { loaded.Add(0); loaded.Should().Equal(3, 2, 1, 0); }
        },
        {
            "SortedList descending", new SortedList<string, int>(new DescendingComparer<string>()) { ["a"] = 1, ["c"] = 3 },
            (loaded, _) => { loaded.Add("b", 2); loaded.Keys.Should().Equal("c", "b", "a"); }
        },
        {
            "Dictionary custom equality", new Dictionary<int, string>(new ModuloComparer(10)) { [3] = "three", [4] = "four" },
            (loaded, _) => { loaded[13].Should().Be("three"); loaded.Comparer.Should().BeOfType<ModuloComparer>().Which.Modulus.Should().Be(10); }
        },
        {
            "HashSet custom equality", new HashSet<int>(new ModuloComparer(7)) { 1, 2 },
            (loaded, _) => loaded.Contains(8).Should().BeTrue()
        },
        {
            "HashSet ReferenceEqualityComparer", new HashSet<object>(ReferenceEqualityComparer.Instance) { new Version(1, 0), new Version(1, 0) },
            (loaded, _) => { loaded.Should().HaveCount(2); loaded.Contains(new Version(1, 0)).Should().BeFalse(); }
        },
        {
            "ConcurrentDictionary OrdinalIgnoreCase", new ConcurrentDictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["Apple"] = 1 },
            (loaded, _) => loaded.ContainsKey("aPPLE").Should().BeTrue()
        },
        {
            "ImmutableDictionary OrdinalIgnoreCase", ImmutableDictionary.Create<string, int>(StringComparer.OrdinalIgnoreCase).Add("Apple", 1),
            (loaded, _) => loaded.ContainsKey("APPLE").Should().BeTrue()
        },
        {
            "ImmutableHashSet OrdinalIgnoreCase", ImmutableHashSet.Create(StringComparer.OrdinalIgnoreCase, "Apple"),
            (loaded, _) => loaded.Contains("APPLE").Should().BeTrue()
        },
        {
            "ImmutableSortedSet descending", ImmutableSortedSet.Create(new DescendingComparer<int>(), 1, 3, 2),
            (loaded, _) => loaded.Add(4).Should().Equal(4, 3, 2, 1)
        },
        {
            "ImmutableSortedDictionary descending", ImmutableSortedDictionary.Create<int, string>(new DescendingComparer<int>()).Add(1, "a").Add(2, "b"),
            (loaded, _) => loaded.Keys.Should().Equal(2, 1)
        },
        {
            "class with collections with comparers", Holder(),
            (loaded, _) =>
            {
                loaded.Names.ContainsKey("ADA").Should().BeTrue();
                loaded.Tags.Contains("ZOO").Should().BeTrue();
                loaded.Ranks.Should().Equal(9, 5, 1);
                loaded.Ordered.Keys.Should().Equal("Z", "a");
                loaded.Plain.Comparer.Equals(1, 1).Should().BeTrue();
            }
        },
        {
            "object holding a dictionary with a comparer", (object)new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["x"] = 1 },
            (loaded, _) => loaded.Should().BeOfType<Dictionary<string, int>>().Which.ContainsKey("X").Should().BeTrue()
        },
    };

    public static TheoryData<string, string> CaseNames() => TheoryPairs.Cross(Cases, Options.Keys);

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RoundTrip_CollectionWithComparer_KeepsTheComparerOnEveryEntryPoint(string name, string options) =>
        Cases.CheckEveryEntryPoint(name, Options[options], EntryPoint.All);

    [Fact]
    public void RoundTrip_CurrentCultureComparer_LoadsTheCultureItWasDumpedIn()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("tr-TR");
            var bytes = Pickle.DumpToBytes(new Dictionary<string, int>(StringComparer.CurrentCultureIgnoreCase) { ["ı"] = 1 });
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

            var loaded = Pickle.LoadFromBytes<Dictionary<string, int>>(bytes);

            loaded.Comparer.Should().Be(StringComparer.Create(CultureInfo.GetCultureInfo("tr-TR"), ignoreCase: true));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }

    [Fact]
    public void RoundTrip_SharedUserComparerWithReferences_IsOneComparer()
    {
        var comparer = new DescendingComparer<int>();
        var sets = new List<SortedSet<int>> { new(comparer) { 1, 2 }, new(comparer) { 3 } };

        var loaded = Pickle.LoadFromBytes<List<SortedSet<int>>>(Pickle.DumpToBytes(sets, Options["references"]), Options["references"]);

        loaded[0].Comparer.Should().BeSameAs(loaded[1].Comparer).And.BeOfType<DescendingComparer<int>>();
    }

    [Fact]
    public void RoundTrip_LoadedCollectionDumpedAgain_KeepsTheComparer()
    {
        var once = Pickle.LoadFromBytes<HashSet<string>>(Pickle.DumpToBytes(new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "a" }));

        var twice = Pickle.LoadFromBytes<HashSet<string>>(Pickle.DumpToBytes(once));

        twice.Contains("A").Should().BeTrue();
    }

    [Fact]
    public void Dump_ComparerBuiltFromADelegate_ThrowsPickleExceptionNamingIt()
    {
        var set = new SortedSet<int>(Comparer<int>.Create((x, y) => y.CompareTo(x))) { 1 };

        var act = () => Pickle.DumpToBytes(set);

        act.Should().Throw<PickleException>().WithMessage("*SortedSet<System.Int32>*comparer*ComparisonComparer<System.Int32>*delegate*");
    }

    [Fact]
    public void Dump_EqualityComparerBuiltFromADelegateAsAMember_ThrowsPickleExceptionNamingIt()
    {
        var holder = new ComparerHolder { Plain = new Dictionary<int, string>(EqualityComparer<int>.Create((x, y) => x == y, x => x)) };

        var act = () => Pickle.DumpToBytes(holder);

        act.Should().Throw<PickleException>().WithMessage("*Dictionary<System.Int32, System.String>*comparer*delegate*");
    }

    [Fact]
    public void Load_UserComparerOfATypeNotAllowed_ThrowsPickleExceptionNamingIt()
    {
        var allowing = PickleOptions.Default with { AllowedTypes = [typeof(UnallowedComparer)] };
        var bytes = Pickle.DumpToBytes(new SortedSet<int>(new UnallowedComparer()) { 1 }, allowing);

        var act = () => Pickle.LoadFromBytes<SortedSet<int>>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*UnallowedComparer*not allowed*");
        FluentActions.Invoking(() => Pickle.DumpToBytes(new SortedSet<int>(new UnallowedComparer()) { 1 }))
            .Should().Throw<PickleException>("what the load refuses, the dump refuses").WithMessage("*UnallowedComparer*not allowed*");
        Pickle.LoadFromBytes<SortedSet<int>>(bytes, PickleOptions.Default with { AllowedTypes = [typeof(UnallowedComparer)] })
            .Comparer.Should().BeOfType<UnallowedComparer>();
    }

    [Fact]
    public void Dump_DefaultComparer_WritesTheMapAlone()
    {
        var payload = FrameBuilder.ValueOf(Pickle.DumpToBytes(new Dictionary<string, int> { ["a"] = 1 }));

        payload.Should().Equal(0x81, 0xA1, (byte)'a', 0x01);
    }

    public static TheoryData<string> DefaultComparerCases => new(DefaultComparerValues.Keys);

    private static readonly Dictionary<string, Func<PickleOptions, (byte[] Pickle, byte[] MessagePack, byte[] Again)>> DefaultComparerValues = new()
    {
        ["Dictionary"] = o => Dumps(new Dictionary<string, int> { ["b"] = 1, ["a"] = 2 }, o),
        ["HashSet"] = o => Dumps(new HashSet<string> { "b", "a" }, o),
        ["SortedSet"] = o => Dumps(new SortedSet<string> { "b", "a" }, o),
        ["SortedDictionary"] = o => Dumps(new SortedDictionary<string, int> { ["b"] = 1, ["a"] = 2 }, o),
        ["SortedList"] = o => Dumps(new SortedList<int, string> { [2] = "b", [1] = "a" }, o),
        ["ConcurrentDictionary"] = o => Dumps(new ConcurrentDictionary<string, int> { ["a"] = 1 }, o),
        ["ImmutableDictionary"] = o => Dumps(ImmutableDictionary.Create<string, int>().Add("a", 1), o),
        ["ImmutableHashSet"] = o => Dumps(ImmutableHashSet.Create("a"), o),
        ["ImmutableSortedSet"] = o => Dumps(ImmutableSortedSet.Create("b", "a"), o),
        ["ImmutableSortedDictionary"] = o => Dumps(ImmutableSortedDictionary.Create<string, int>().Add("b", 1).Add("a", 2), o),
    };

    [Theory]
    [MemberData(nameof(DefaultComparerCases))]
    public void Dump_DefaultComparer_WritesWhatMessagePackWritesAlsoAfterALoad(string name)
    {
        var (pickle, messagePack, again) = DefaultComparerValues[name](PickleOptions.Default);

        pickle.Should().Equal(messagePack, "a collection with the default comparer is written as before");
        again.Should().Equal(messagePack, "the comparer a collection loads with is the default one when it is dumped again");
    }

    [Fact]
    public void Dump_OrdinalIgnoreCase_WritesTheComparerExtensionBeforeTheEntries()
    {
        var payload = FrameBuilder.ValueOf(Pickle.DumpToBytes(new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["a"] = 1 }));

        var reader = new MessagePackReader(payload);
        reader.ReadArrayHeader().Should().Be(3);
        var extension = reader.ReadExtensionFormat();
        extension.TypeCode.Should().Be(82);
        new MessagePackReader(extension.Data).ReadString().Should().Be("OrdinalIgnoreCase");
        reader.ReadString().Should().Be("a");
        reader.ReadInt32().Should().Be(1);
        reader.End.Should().BeTrue();
        Convert.ToHexString(payload).Should().Be("93C71252B14F7264696E616C49676E6F726543617365A16101", "FORMAT.md shows these bytes");
    }

    [Theory]
    [InlineData("unknown name", "comparer named 'Backwards'")]
    [InlineData("odd items", "malformed")]
    [InlineData("not a comparer", "does not compare its keys")]
    [InlineData("name for other keys", "does not compare its keys")]
    [InlineData("object record at the end", "malformed comparer record")]
    public void Load_HostileComparerRecord_ThrowsPickleException(string kind, string message)
    {
        var payload = kind switch
        {
            "unknown name" => Record(1, (ref MessagePackWriter w) => w.Write("Backwards"), (ref MessagePackWriter w) => w.Write(1)),
            "odd items" => Record(3, (ref MessagePackWriter w) => w.Write("Ordinal"), (ref MessagePackWriter w) => { w.Write("a"); w.Write(1); w.Write("b"); }),
            "not a comparer" => Record(3, (ref MessagePackWriter w) => w.WriteNil(), (ref MessagePackWriter w) => { w.Write("just a string"); w.Write("a"); w.Write(1); }),
            "name for other keys" => Record(2, (ref MessagePackWriter w) => w.Write("OrdinalIgnoreCase"), (ref MessagePackWriter w) => { w.Write(1); w.Write(1); }),
            _ => Record(0, (ref MessagePackWriter w) => w.WriteNil(), (ref MessagePackWriter _) => { }),
        };
        var frame = PayloadTools.Frame(payload);

        var act = () => kind == "name for other keys" ? (object)Pickle.LoadFromBytes<Dictionary<int, int>>(frame) : Pickle.LoadFromBytes<Dictionary<string, int>>(frame);

        act.Should().Throw<PickleException>().Which.Message.Should().ContainEquivalentOf(message);
    }

    [Fact]
    public void Dump_InvariantCultureComparers_AreTheCultureWithoutAName()
    {
        string Body(StringComparer comparer)
        {
            var reader = new MessagePackReader(FrameBuilder.ValueOf(Pickle.DumpToBytes(new HashSet<string>(comparer))));
            reader.ReadArrayHeader();
            var body = new MessagePackReader(reader.ReadExtensionFormat().Data);
            return $"{body.ReadString()} '{body.ReadString()}' {body.ReadInt32()}";
        }

        Body(StringComparer.InvariantCulture).Should().Be("Culture '' 0");
        Body(StringComparer.InvariantCultureIgnoreCase).Should().Be("Culture '' 1");
    }

    [Fact]
    public void Load_OrdinalIgnoreCaseKeys_HashAlikeIgnoringCaseAndSpreadOtherwise()
    {
        var keys = Enumerable.Range(0, 2000).Select(i => $"key{i}").ToList();
        var loaded = Pickle.LoadFromBytes<HashSet<string>>(Pickle.DumpToBytes(new HashSet<string>(keys, StringComparer.OrdinalIgnoreCase)));

        loaded.Comparer.GetHashCode("Key7").Should().Be(loaded.Comparer.GetHashCode("kEY7"));
        keys.Select(key => loaded.Comparer.GetHashCode(key) & 1023).Distinct().Count().Should().BeGreaterThan(500);
        loaded.Comparer.Should().NotBeSameAs(StringComparer.OrdinalIgnoreCase, "the BCL's instance lets Dictionary fall back to a hash without a seed");
    }

    private static ComparerHolder Holder()
    {
        var holder = new ComparerHolder();
        holder.Names["Ada"] = 1;
        holder.Tags.Add("zoo");
        holder.Ranks.UnionWith([1, 9, 5]);
        holder.Ordered["a"] = 1;
        holder.Ordered["Z"] = 2;
        holder.Plain[1] = "one";
        return holder;
    }

    /// <summary>The payload Pickle writes, the one MessagePack's contractless resolver writes, and Pickle's payload of the value loaded back.</summary>
    private static (byte[] Pickle, byte[] MessagePack, byte[] Again) Dumps<T>(T value, PickleOptions options)
    {
        var frame = Pickle.DumpToBytes(value, options);
        var loaded = Pickle.LoadFromBytes<T>(frame, options);
        return (FrameBuilder.ValueOf(frame), MessagePackSerializer.Serialize(value, MessagePack.Resolvers.ContractlessStandardResolver.Options), FrameBuilder.ValueOf(Pickle.DumpToBytes(loaded, options)));
    }

    /// <summary>An array of a comparer record with <paramref name="body"/> and then what <paramref name="rest"/> writes, <paramref name="items"/> elements after the record.</summary>
    private static byte[] Record(int items, PayloadTools.WriteAction body, PayloadTools.WriteAction rest) => PayloadTools.Write((ref MessagePackWriter writer) =>
    {
        var bytes = PayloadTools.Write(body);
        writer.WriteArrayHeader(1 + items);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(82, bytes.Length));
        writer.WriteRaw(bytes);
        rest(ref writer);
    });
}
