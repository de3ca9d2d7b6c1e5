using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>Members and types renamed with [PickleFormerName] load what was saved under their old names.</summary>
public class PickleFormerNameAttributeTests
{
    /// <summary>A <c>OldZoo.Kitten</c> as an older program wrote it, a type no assembly of this one defines.</summary>
    private static readonly byte[] Kitten = PayloadTools.Tagged("OldZoo.Kitten, OldZoo", PayloadTools.Map(("Name", "Tom"), ("Lives", 7)));

    public static TheoryData<EntryPoint> EntryPoints => [.. EntryPoint.All];

    [Fact]
    public void Load_FieldAndPropertyRenamed_LoadsValuesSavedUnderOldNames()
    {
        var loaded = Pickle.LoadFromBytes<CustomerV2>(RawFrames.SavedAs(typeof(CustomerV2), Pickle.DumpToBytes(new CustomerV1 { Name = "Ada", Visits = 3 })));

        loaded.FullName.Should().Be("Ada");
        loaded.VisitCount.Should().Be(3);
    }

    [Fact]
    public void Load_SecondFormerName_LoadsValueSavedUnderIt()
    {
        var loaded = Pickle.LoadFromBytes<CustomerV2>(PayloadTools.Frame(PayloadTools.Map(("Title", "Dr"))));

        loaded.FullName.Should().Be("Dr");
    }

    [Fact]
    public void Load_PositionalRecordParameterRenamed_LoadsValueSavedUnderOldName()
    {
        var loaded = Pickle.LoadFromBytes<InvoiceV2>(RawFrames.SavedAs(typeof(InvoiceV2), Pickle.DumpToBytes(new InvoiceV1(7, 12.5m))));

        loaded.Should().Be(new InvoiceV2(7, 12.5m));
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_RenamedMemberAndType_LoadOnEveryEntryPoint(EntryPoint entry)
    {
        var frame = PayloadTools.Frame(PayloadTools.Map(("Thing", Kitten)));

        var loaded = entry.Load<PetHolder>(frame, null);

        loaded.Thing.Should().BeOfType<Tomcat>().Which.Lives.Should().Be(7);
        entry.Load<CustomerV2>(RawFrames.SavedAs(typeof(CustomerV2), Pickle.DumpToBytes(new CustomerV1 { Name = "Ada" })), null).FullName.Should().Be("Ada");
    }

    [Fact]
    public void Load_RenamedClassInObjectMember_LoadsAsNewType()
    {
        var loaded = Pickle.LoadFromBytes<PetHolder>(PayloadTools.Frame(PayloadTools.Map(("Thing", Kitten))));

        loaded.Thing.Should().BeEquivalentTo(new Tomcat { Name = "Tom", Lives = 7 }, o => o.RespectingRuntimeTypes());
    }

    [Fact]
    public void Load_RenamedClassInAbstractMember_LoadsAsNewType()
    {
        var loaded = Pickle.LoadFromBytes<PetHolder>(PayloadTools.Frame(PayloadTools.Map(("Pet", Kitten))));

        loaded.Pet.Should().BeOfType<Tomcat>().Which.Name.Should().Be("Tom");
    }

    [Fact]
    public void Load_RenamedClassInListOfObject_LoadsAsNewType()
    {
        var payload = PayloadTools.Write((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            writer.WriteRaw(Kitten);
            writer.WriteRaw(Kitten);
        });

        var loaded = Pickle.LoadFromBytes<List<object>>(PayloadTools.Frame(payload));

        loaded.Should().HaveCount(2).And.AllBeOfType<Tomcat>();
    }

    [Fact]
    public void Load_RenamedClassInGenericArgument_LoadsAsNewType()
    {
        var list = PayloadTools.Tagged(
            "System.Collections.Generic.List`1[[OldZoo.Kitten, Shop]]",
            PayloadTools.Write((ref MessagePackWriter writer) =>
            {
                writer.WriteArrayHeader(1);
                writer.WriteRaw(PayloadTools.Map(("Name", "Tom"), ("Lives", 7)));
            }));

        var loaded = Pickle.LoadFromBytes<PetHolder>(PayloadTools.Frame(PayloadTools.Map(("Thing", list))));

        loaded.Thing.Should().BeOfType<List<Tomcat>>().Which.Single().Lives.Should().Be(7);
    }

    [Fact]
    public void Load_RenamedClassAtRoot_LoadsAsNewType()
    {
        Pickle.LoadFromBytes<object>(PayloadTools.Frame(Kitten)).Should().BeOfType<Tomcat>().Which.Name.Should().Be("Tom");
        Pickle.LoadFromBytes<Pet>(PayloadTools.Frame(Kitten)).Should().BeOfType<Tomcat>();
    }

    [Fact]
    public void Load_RenamedClassAsRootTypeOfVersion2Frame_LoadsAsNewType()
    {
        var frame = RawFrames.NamedRoot("OldZoo.Kitten, OldZoo", PayloadTools.Map(("Name", "Tom"), ("Lives", 7)));

        Pickle.LoadFromBytes<object>(frame).Should().BeOfType<Tomcat>().Which.Lives.Should().Be(7);
        Pickle.LoadFromBytes<Tomcat>(frame).Name.Should().Be("Tom");
    }

    [Fact]
    public void Load_RenamedStructAndEnumInObjectMembers_LoadAsNewTypes()
    {
        var spot = PayloadTools.Tagged("OldZoo.Spot, OldZoo", PayloadTools.Map(("X", 3), ("Y", 4)));
        var colour = PayloadTools.Tagged("OldZoo.Colour, OldZoo", PayloadTools.Write((ref MessagePackWriter writer) => writer.Write(2)));

        Pickle.LoadFromBytes<PetHolder>(PayloadTools.Frame(PayloadTools.Map(("Thing", spot)))).Thing.Should().Be(new Place(3, 4));
        Pickle.LoadFromBytes<PetHolder>(PayloadTools.Frame(PayloadTools.Map(("Thing", colour)))).Thing.Should().Be(Hue.Green);
    }

    [Fact]
    public void Load_FormerNameWithAssembly_MatchesThatAssemblyOnly()
    {
        var puppy = PayloadTools.Map(("Name", "Rex"));
        var fromOldShop = PayloadTools.Frame(PayloadTools.Map(("Pet", PayloadTools.Tagged("OldZoo.Puppy, OldShop", puppy))));
        var fromNewShop = PayloadTools.Frame(PayloadTools.Map(("Pet", PayloadTools.Tagged("OldZoo.Puppy, NewShop", puppy))));

        Pickle.LoadFromBytes<PetHolder>(fromOldShop).Pet.Should().BeOfType<Hound>();
        var act = () => Pickle.LoadFromBytes<PetHolder>(fromNewShop);
        act.Should().Throw<PickleException>().WithMessage("*'OldZoo.Puppy, NewShop'*no assembly loaded*");
    }

    [Fact]
    public void Load_TwoTypesClaimOneFormerName_ThrowsNamingBoth()
    {
        var frame = PayloadTools.Frame(PayloadTools.Map(("Thing", PayloadTools.Tagged("OldZoo.Twin, OldZoo", PayloadTools.Map()))));

        var act = () => Pickle.LoadFromBytes<PetHolder>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Two types claim the former name 'OldZoo.Twin'*TwinA*TwinB*TypeAliases*");
    }

    [Fact]
    public void LoadAndDump_FormerMemberNameThatAnotherMemberHas_ThrowPickleException()
    {
        var load = () => Pickle.LoadFromBytes<FormerNameTaken>(PayloadTools.Frame(PayloadTools.Map(("Count", 1))));
        var dump = () => Pickle.DumpToBytes(new FormerNameTaken());

        load.Should().Throw<PickleException>().WithMessage("*Total*former name 'Count'*Count is named so now*");
        dump.Should().Throw<PickleException>().WithMessage("*former name 'Count'*");
    }

    [Fact]
    public void Load_FormerMemberNameClaimedTwice_ThrowsPickleException()
    {
        var load = () => Pickle.LoadFromBytes<FormerNameTwice>(PayloadTools.Frame(PayloadTools.Map(("Old", 1))));

        load.Should().Throw<PickleException>().WithMessage("*First and Second*both have the former name 'Old'*");
    }

    [Fact]
    public void Load_TypeNoAssemblyDefines_MessagePointsAtFormerNameAndTypeAliases()
    {
        var frame = PayloadTools.Frame(PayloadTools.Map(("Thing", PayloadTools.Tagged("OldZoo.Ferret, OldZoo", PayloadTools.Map()))));

        var act = () => Pickle.LoadFromBytes<PetHolder>(frame);

        act.Should().Throw<PickleException>()
            .WithMessage("*'OldZoo.Ferret, OldZoo'*no assembly loaded*[PickleFormerName(\"OldZoo.Ferret\")]*PickleOptions.TypeAliases*");
    }

    [Fact]
    public void Constructor_EmptyName_ThrowsArgumentException()
    {
        var act = () => new PickleFormerNameAttribute(" ");

        act.Should().Throw<ArgumentException>();
    }
}
