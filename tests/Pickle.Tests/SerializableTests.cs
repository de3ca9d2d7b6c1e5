using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class SerializableTests
{
    private static readonly PickleOptions Allowed = PickleOptions.Default with { AllowedAssemblies = [typeof(SerializablePoint).Assembly] };

    public static readonly TheoryData<EntryPoint, bool> EntryPoints = Matrix();

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_SerializableClass_LoadsThroughItsConstructor(EntryPoint entryPoint, bool preserveReferences)
    {
        var loaded = entryPoint.RoundTrip(new SerializablePoint(3, -4, "p"), Allowed with { PreserveReferences = preserveReferences });

        loaded.X.Should().Be(3);
        loaded.Y.Should().Be(-4);
        loaded.Label.Should().Be("p");
        loaded.Cache.Should().Be("from the entries");
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_SerializableInObjectAndAbstractMembers_KeepsTypesAndSharing(EntryPoint entryPoint, bool preserveReferences)
    {
        var names = new List<string> { "a", "b" };
        var circle = new SerializableCircle(2, new SerializablePoint(1, 2), names);
        var holder = new SerializableHolder { Anything = circle, Shape = circle, Items = [new SerializableMoney(1.50m, "EUR"), circle, names] };

        var loaded = entryPoint.RoundTrip(holder, Allowed with { PreserveReferences = preserveReferences });

        var anything = loaded.Anything.Should().BeOfType<SerializableCircle>().Subject;
        anything.Radius.Should().Be(2);
        anything.Tag.Should().BeOfType<SerializablePoint>().Which.Y.Should().Be(2);
        anything.Names.Should().Equal("a", "b");
        loaded.Shape.Should().BeOfType<SerializableCircle>().Which.Area.Should().Be(circle.Area);
        var money = loaded.Items[0].Should().BeOfType<SerializableMoney>().Subject;
        money.Amount.Should().Be(1.50m);
        money.Amount.Scale.Should().Be(2);
        money.Currency.Should().Be("EUR");
        if (preserveReferences)
        {
            loaded.Shape.Should().BeSameAs(anything);
            loaded.Items[1].Should().BeSameAs(anything);
            loaded.Items[2].Should().BeSameAs(anything.Names);
        }
        else
        {
            loaded.Shape.Should().NotBeSameAs(anything);
        }
    }

    [Fact]
    public void Dump_SerializableClass_WritesItsEntriesNotItsFields()
    {
        var text = System.Text.Encoding.UTF8.GetString(Pickle.DumpToBytes(new SerializablePoint(1, 2)));

        text.Should().Contain("x-coordinate").And.Contain("y-coordinate").And.NotContain("Cache").And.NotContain("BackingField");
    }

    [Fact]
    public void Dump_ListOfSerializable_KeepsTheListsEncoding()
    {
        // A List<T> is written by its own formatter whatever T is: only the elements go through their entries.
        var bytes = Pickle.DumpToBytes(new List<SerializablePoint> { new(1, 2) });

        FrameBuilder.Payload(bytes)[^1].Should().Be(0xC0, "the last entry, the label, is nil");
        Pickle.LoadFromBytes<List<SerializablePoint>>(bytes).Single().X.Should().Be(1);
    }

    [Fact]
    public void Dump_SerializableWithoutConstructor_ThrowsPickleExceptionNamingTheType()
    {
        var act = () => Pickle.DumpToBytes(new SerializableWithoutConstructor { Value = 1 });

        act.Should().Throw<PickleException>().WithMessage("*SerializableWithoutConstructor*(SerializationInfo, StreamingContext)*PickleIgnore*");
    }

    [Fact]
    public void RoundTrip_SerializesAsAnotherType_GivesBackTheSingleton()
    {
        var options = Allowed with { PreserveReferences = true };

        var loaded = Pickle.LoadFromBytes<List<NamedSettings>>(Pickle.DumpToBytes(new List<NamedSettings> { NamedSettings.Fast, NamedSettings.Safe, NamedSettings.Fast }, options), options);

        loaded.Should().HaveCount(3);
        loaded[0].Should().BeSameAs(NamedSettings.Fast);
        loaded[1].Should().BeSameAs(NamedSettings.Safe);
        loaded[2].Should().BeSameAs(NamedSettings.Fast);
    }

    [Fact]
    public void RoundTrip_SerializesAsAnotherTypeInObjectMember_GivesBackTheSingleton()
    {
        var loaded = Pickle.LoadFromBytes<SerializableHolder>(Pickle.DumpToBytes(new SerializableHolder { Anything = NamedSettings.Safe }, Allowed), Allowed);

        loaded.Anything.Should().BeSameAs(NamedSettings.Safe);
    }

    [Fact]
    public void Load_SerializesAsDisallowedType_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes(NamedSettings.Fast, Allowed);

        var act = () => Pickle.LoadFromBytes<NamedSettings>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*SettingsReference*not allowed*AllowedTypes*");
    }

    [Fact]
    public void Dump_SerializesAsDisallowedType_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(NamedSettings.Fast);

        act.Should().Throw<PickleException>().WithMessage("*SettingsReference*not allowed*");
    }

    [Theory]
    [InlineData("System.IO.FileInfo", "System.Private.CoreLib", "*FileInfo*never creates*")]
    [InlineData("Pickling.Tests.Models.NoSuchType", "Pickle.Tests", "*NoSuchType*no loaded assembly*")]
    [InlineData("System.String", "System.Private.CoreLib", "*System.String*does not implement ISerializable*")]
    public void Dump_FullTypeNameNamingUnloadableType_ThrowsPickleException(string fullTypeName, string assemblyName, string message)
    {
        var act = () => Pickle.DumpToBytes(new SerializableHolder { Anything = new NamesItsType(fullTypeName, assemblyName) }, Allowed);

        act.Should().Throw<PickleException>().WithMessage(message);
    }

    [Fact]
    public void Load_FullTypeNameNamingHolderOfAnotherType_ThrowsPickleException()
    {
        // The type named by FullTypeName loads (its assembly name may carry a version), but its real object is not the
        // type that was dumped, which a typed load cannot give back where that type was written.
        var holder = new SerializableHolder { Anything = new NamesItsType("Pickling.Tests.Models.SettingsReference", "Pickle.Tests, Version=1.0.0.0") };
        var bytes = Pickle.DumpToBytes(holder, Allowed);

        var act = () => Pickle.LoadFromBytes<SerializableHolder>(bytes, Allowed);

        act.Should().Throw<PickleException>().WithMessage("*Anything*SettingsReference*gave a Pickling.Tests.Models.NamedSettings from GetRealObject where a Pickling.Tests.Models.NamesItsType is expected*");
    }

    [Fact]
    public void Dump_SerializesAsTypeThatIsNeitherItsOwnNorAReference_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(new SerializableHolder { Anything = new NamesItsType("Pickling.Tests.Models.SerializablePoint", "Pickle.Tests") }, Allowed);

        act.Should().Throw<PickleException>().WithMessage("*NamesItsType*serializes as a Pickling.Tests.Models.SerializablePoint*neither a Pickling.Tests.Models.NamesItsType nor an IObjectReference*");
    }

    public static readonly TheoryData<string, byte[], string> HostileEntries = new()
    {
        { "wrong type", Point(("x-coordinate", "abc"), ("y-coordinate", 1), ("label", null!)), "*SerializablePoint*deserialization constructor threw FormatException*" },
        { "missing entry", Point(("y-coordinate", 1), ("label", null!)), "*SerializablePoint*deserialization constructor threw SerializationException*x-coordinate*" },
        { "constructor throws", Point(("x-coordinate", -1), ("y-coordinate", 1), ("label", null!)), "*SerializablePoint*deserialization constructor threw ArgumentOutOfRangeException*negative*" },
        { "entry twice", Point(("x-coordinate", 1), ("x-coordinate", 2), ("y-coordinate", 1)), "*entry 'x-coordinate' of a Pickling.Tests.Models.SerializablePoint twice*" },
        { "name not a string", PayloadTools.Write((ref MessagePackWriter w) => { w.WriteMapHeader(1); w.Write(7); w.Write(1); }), "*the whole number 7 as the name of an entry of a Pickling.Tests.Models.SerializablePoint*" },
        { "not a map", PayloadTools.Write((ref MessagePackWriter w) => w.Write("hello")), "*holds a string where a Pickling.Tests.Models.SerializablePoint is expected*serialization entries*" },
        { "huge count", [0xDF, 0x7F, 0xFF, 0xFF, 0xFF, 0xA1, (byte)'x', 0x01], "*" },
    };

    [Theory]
    [MemberData(nameof(HostileEntries))]
    public void Load_HostileEntries_ThrowsPickleException(string situation, byte[] payload, string message)
    {
        var act = () => Pickle.LoadFromBytes<SerializablePoint>(PayloadTools.Frame(payload));

        act.Should().Throw<PickleException>(situation).WithMessage(message);
    }

    public static readonly TheoryData<string, string> HostileTypes = new()
    {
        { "System.IO.FileInfo", "*FileInfo*never creates*" },
        { "System.Globalization.CultureInfo", "*CultureInfo*not allowed*" },
        { "Pickling.Tests.Models.NoSuchType, Pickle.Tests", "*NoSuchType*" },
        { "Pickling.Tests.Models.CanonicalColour, Pickle.Tests", "*CanonicalColour in place of a Pickling.Tests.Models.NamedSettings*not loaded through ISerializable*" },
    };

    [Theory]
    [MemberData(nameof(HostileTypes))]
    public void Load_SerializesAsHostileType_ThrowsPickleException(string typeName, string message)
    {
        var payload = PayloadTools.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteMapHeader(1);
            w.Write("name");
            w.Write("fast");
            PayloadTools.WriteHeader(ref w, null, typeName);
        });

        var act = () => Pickle.LoadFromBytes<NamedSettings>(PayloadTools.Frame(payload), Allowed);

        act.Should().Throw<PickleException>().WithMessage(message);
    }

    [Fact]
    public void Load_SerializesAsAllowedHolder_GivesBackTheSingleton()
    {
        var payload = PayloadTools.Write((ref MessagePackWriter w) =>
        {
            w.WriteArrayHeader(2);
            w.WriteMapHeader(1);
            w.Write("name");
            w.Write("safe");
            PayloadTools.WriteHeader(ref w, null, "Pickling.Tests.Models.SettingsReference, Pickle.Tests");
        });

        Pickle.LoadFromBytes<NamedSettings>(PayloadTools.Frame(payload), Allowed).Should().BeSameAs(NamedSettings.Safe);
    }

    [Fact]
    public void Load_ManyEntriesOverBudget_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes(new ManyEntries(200));

        Pickle.LoadFromBytes<ManyEntries>(bytes).Count.Should().Be(200);
        var act = () => Pickle.LoadFromBytes<ManyEntries>(bytes, PickleOptions.Default with { MaxAllocation = 5_000 });
        act.Should().Throw<PickleException>().WithMessage("*200 serialization entries of a Pickling.Tests.Models.ManyEntries*MaxAllocation*");
    }

    [Fact]
    public void RoundTrip_BclSerializableType_LoadsThroughItsEntriesAndEndOfLoadCallback()
    {
        // TimeZoneInfo, its adjustment rules and their transition times are each ISerializable; the zone checks itself
        // in IDeserializationCallback, once the whole load is done.
        var options = PickleOptions.Default with { AllowedAssemblies = [typeof(object).Assembly] };
        var rule = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
            new DateTime(2000, 1, 1), DateTime.MaxValue.Date, TimeSpan.FromHours(1),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 2, 0, 0), 3, 30),
            TimeZoneInfo.TransitionTime.CreateFixedDateRule(new DateTime(1, 1, 1, 3, 0, 0), 10, 26));
        var zone = TimeZoneInfo.CreateCustomTimeZone("Pickle/Test", TimeSpan.FromHours(2), "Pickle Test", "Pickle Standard", "Pickle Summer", [rule]);

        var loaded = Pickle.LoadFromBytes<SerializableHolder>(Pickle.DumpToBytes(new SerializableHolder { Anything = zone }, options), options);

        var loadedZone = loaded.Anything.Should().BeOfType<TimeZoneInfo>().Subject;
        loadedZone.Should().NotBeSameAs(zone);
        loadedZone.HasSameRules(zone).Should().BeTrue();
        loadedZone.Id.Should().Be("Pickle/Test");
        loadedZone.DaylightName.Should().Be("Pickle Summer");
        loadedZone.GetUtcOffset(new DateTime(2026, 7, 1)).Should().Be(TimeSpan.FromHours(3));
    }

    private static byte[] Point(params (string Key, object Value)[] entries) => PayloadTools.Map(entries);

    private static TheoryData<EntryPoint, bool> Matrix()
    {
        var data = new TheoryData<EntryPoint, bool>();
        foreach (var entryPoint in EntryPoint.All)
        {
            data.Add(entryPoint, false);
            data.Add(entryPoint, true);
        }

        return data;
    }
}
