using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>PickleOptions.TypeAliases: type names as pickles hold them, loaded as other types.</summary>
public class TypeAliasesTests
{
    public static TheoryData<EntryPoint> EntryPoints => [.. EntryPoint.All];

    [Theory]
    [InlineData("Shop.Widget", "Shop.Widget, Shop")]
    [InlineData("Shop.Widget", "Shop.Widget")]
    [InlineData("Shop.Widget, Shop", "Shop.Widget, Shop")]
    public void Load_AliasedName_LoadsMappedType(string alias, string written)
    {
        var loaded = Pickle.LoadFromBytes<PetHolder>(Holding(written), Aliasing(alias, typeof(Gadget)));

        loaded.Thing.Should().BeOfType<Gadget>().Which.Size.Should().Be(4);
    }

    [Fact]
    public void Load_AliasWithAssembly_DoesNotMatchAnotherAssembly()
    {
        var act = () => Pickle.LoadFromBytes<PetHolder>(Holding("Shop.Widget, Other"), Aliasing("Shop.Widget, Shop", typeof(Gadget)));

        act.Should().Throw<PickleException>().WithMessage("*'Shop.Widget, Other'*no assembly loaded*");
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_AliasedRoot_LoadsMappedTypeOnEveryEntryPoint(EntryPoint entry)
    {
        var frame = PayloadTools.Frame(Widget("Shop.Widget, Shop"));

        entry.Load<object>(frame, Aliasing("Shop.Widget", typeof(Gadget))).Should().BeOfType<Gadget>();
    }

    [Fact]
    public void Load_AliasedRootTypeOfVersion2Frame_LoadsMappedType()
    {
        var frame = RawFrames.NamedRoot("Shop.Widget, Shop", PayloadTools.Map(("Size", 4)));
        var options = Aliasing("Shop.Widget", typeof(Gadget));

        Pickle.LoadFromBytes<object>(frame, options).Should().BeOfType<Gadget>().Which.Size.Should().Be(4);
        Pickle.LoadFromBytes<Gadget>(frame, options).Size.Should().Be(4);
        var withoutAlias = () => Pickle.LoadFromBytes<object>(frame);
        withoutAlias.Should().Throw<PickleException>().WithMessage("*'Shop.Widget, Shop'*PickleFormerName*TypeAliases*");
    }

    [Fact]
    public void Load_AliasInsideGenericTypeName_LoadsMappedType()
    {
        var list = PayloadTools.Tagged(
            "System.Collections.Generic.List`1[[Shop.Widget, Shop]]",
            PayloadTools.Write((ref MessagePack.MessagePackWriter writer) =>
            {
                writer.WriteArrayHeader(1);
                writer.WriteRaw(PayloadTools.Map(("Size", 4)));
            }));

        var loaded = Pickle.LoadFromBytes<PetHolder>(PayloadTools.Frame(PayloadTools.Map(("Thing", list))), Aliasing("Shop.Widget", typeof(Gadget)));

        loaded.Thing.Should().BeOfType<List<Gadget>>().Which.Single().Size.Should().Be(4);
    }

    [Fact]
    public void Load_SameNameWithoutAlias_IsNotResolvedByAnotherOptionsAlias()
    {
        var frame = Holding("Shop.Widget, Shop");
        Pickle.LoadFromBytes<PetHolder>(frame, Aliasing("Shop.Widget", typeof(Gadget))).Thing.Should().BeOfType<Gadget>();

        var act = () => Pickle.LoadFromBytes<PetHolder>(frame);

        act.Should().Throw<PickleException>().WithMessage("*'Shop.Widget, Shop'*no assembly loaded*");
    }

    [Fact]
    public void Load_AliasOfNameThatStillExists_WinsOverIt()
    {
        var frame = Holding(typeof(Tomcat).FullName + ", Pickle.Tests");

        var loaded = Pickle.LoadFromBytes<PetHolder>(frame, Aliasing(typeof(Tomcat).FullName!, typeof(Gadget)));

        loaded.Thing.Should().BeOfType<Gadget>();
    }

    [Fact]
    public void Load_AliasToTypeNotAllowed_IsRefused()
    {
        var act = () => Pickle.LoadFromBytes<PetHolder>(Holding("Shop.Widget, Shop"), Aliasing("Shop.Widget", typeof(UnlistedGadget)));

        act.Should().Throw<PickleException>().WithMessage("*UnlistedGadget*not allowed*");
    }

    [Fact]
    public void Load_AliasToDangerousTypeEvenIfAllowed_IsRefused()
    {
        var options = Aliasing("Shop.Widget", typeof(FileInfo)) with { AllowedTypes = [typeof(FileInfo)] };

        var act = () => Pickle.LoadFromBytes<PetHolder>(Holding("Shop.Widget, Shop"), options);

        act.Should().Throw<PickleException>().WithMessage("*System.IO.FileInfo*");
    }

    [Fact]
    public void TypeAliases_Default_IsEmpty()
    {
        PickleOptions.Default.TypeAliases.Should().BeEmpty();
    }

    [Fact]
    public void TypeAliases_NullOrNullType_ThrowsArgumentNullException()
    {
        var nullDictionary = () => PickleOptions.Default with { TypeAliases = null! };
        var nullType = () => PickleOptions.Default with { TypeAliases = new Dictionary<string, Type> { ["A"] = null! } };

        nullDictionary.Should().Throw<ArgumentNullException>();
        nullType.Should().Throw<ArgumentNullException>();
    }

    private static PickleOptions Aliasing(string name, Type type) =>
        PickleOptions.Default with { TypeAliases = new Dictionary<string, Type> { [name] = type } };

    private static byte[] Widget(string name) => PayloadTools.Tagged(name, PayloadTools.Map(("Size", 4)));

    private static byte[] Holding(string name) => PayloadTools.Frame(PayloadTools.Map(("Thing", Widget(name))));
}
