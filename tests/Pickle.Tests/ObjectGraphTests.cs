using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class ObjectGraphTests
{
    private static readonly PickleOptions AllowParrots = PickleOptions.Default with { AllowedTypes = [typeof(Parrot), typeof(PositionalPerson)] };

    private static T RoundTrip<T>(T value, PickleOptions? options = null) =>
        Pickle.LoadFromBytes<T>(Pickle.DumpToBytes(value, options), options);

    [Fact]
    public void Load_ListOfAbstractType_KeepsConcreteTypes()
    {
        var cat = new Cat { Name = "Tom" };
        cat.LoseLife();
        var zoo = new Zoo { Animals = [new Dog { Name = "Rex", GoodBoy = true }, cat, new Parrot { Name = "Polly", Words = ["hi"] }] };

        var loaded = RoundTrip(zoo, AllowParrots);

        loaded.Animals.Select(a => a.GetType()).Should().Equal(typeof(Dog), typeof(Cat), typeof(Parrot));
        loaded.Animals[0].Should().BeOfType<Dog>().Which.GoodBoy.Should().BeTrue();
        loaded.Animals[1].Should().BeOfType<Cat>().Which.Lives.Should().Be(8);
        loaded.Animals[2].Should().BeOfType<Parrot>().Which.Words.Should().Equal("hi");
    }

    [Fact]
    public void Load_DerivedArraysWhereBaseArraysAreDeclared_KeepTheArrayTypes()
    {
        var arrays = new List<Animal[]> { new Dog[] { new() { Name = "Rex" } }, new Animal[] { new Cat { Name = "Tom" } } };

        var loaded = RoundTrip(arrays);

        loaded.Select(a => a.GetType()).Should().Equal(typeof(Dog[]), typeof(Animal[]));
        loaded[0][0].Name.Should().Be("Rex");
        loaded[1][0].Should().BeOfType<Cat>().Which.Name.Should().Be("Tom");
    }

    [Fact]
    public void Load_InterfaceAndAbstractMembers_KeepConcreteTypes()
    {
        var zoo = new Zoo { Star = new Dog { Name = "Rex" }, Shape = new Circle(2) };

        var loaded = RoundTrip(zoo);

        loaded.Star.Should().BeOfType<Dog>().Which.Name.Should().Be("Rex");
        loaded.Shape.Should().Be(new Circle(2));
    }

    public static TheoryData<object> ObjectValues => new()
    {
        42,
        (byte)7,
        -1L,
        3.5f,
        2.5,
        1.25m,
        'x',
        "text",
        true,
        new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Local),
        new DateTimeOffset(2026, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)),
        Guid.Parse("8f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
        TimeSpan.FromMinutes(3),
        DayOfWeek.Friday,
        new List<int> { 1, 2, 3 },
        new[] { "a", "b" },
        new int[] { 4, 5 },
        new Dictionary<string, int> { ["a"] = 1 },
        new HashSet<long> { 1, 2 },
        (1, "one"),
        new KeyValuePair<string, int>("k", 1),
        new object(),
    };

    [Theory]
    [MemberData(nameof(ObjectValues))]
    public void LoadObject_ValueDumpedAsObject_KeepsItsType(object value)
    {
        var loaded = RoundTrip<object>(value);

        loaded.Should().BeOfType(value.GetType());
        if (value.GetType() != typeof(object))
        {
            loaded.Should().BeEquivalentTo(value, o => o.RespectingRuntimeTypes());
        }
    }

    [Fact]
    public void Load_DictionaryOfObjects_KeepsConcreteValueTypes()
    {
        var bag = new Dictionary<string, object?>
        {
            ["int"] = 1,
            ["long"] = 2L,
            ["list"] = new List<int> { 1 },
            ["nested"] = new Dictionary<string, object?> { ["dog"] = new Dog { Name = "Rex" } },
            ["null"] = null,
            ["array"] = new object?[] { 1, "two", null, 3.0 },
        };

        var loaded = RoundTrip(bag);

        loaded["int"].Should().BeOfType<int>();
        loaded["long"].Should().BeOfType<long>();
        loaded["list"].Should().BeOfType<List<int>>();
        loaded["nested"].Should().BeOfType<Dictionary<string, object?>>().Which["dog"].Should().BeOfType<Dog>();
        loaded["null"].Should().BeNull();
        loaded["array"].Should().BeOfType<object?[]>().Which.Should().Equal(1, "two", null, 3.0);
    }

    [Fact]
    public void LoadObject_UserClassDumpedAsItself_ReturnsConcreteTypeWhenAllowed()
    {
        var bytes = Pickle.DumpToBytes(new Dog { Name = "Rex" });

        Pickle.LoadFromBytes<object>(bytes).Should().BeOfType<Dog>().Which.Name.Should().Be("Rex");
        Pickle.LoadFromBytes<Dog>(bytes).Name.Should().Be("Rex");
        Pickle.LoadFromBytes<Animal>(bytes).Should().BeOfType<Dog>();
    }

    [Fact]
    public void Load_DeclaredGenericArgumentsOfCollections_AreAllowedImplicitly()
    {
        var zoo = new Zoo { People = new List<PositionalPerson> { new("Ada", 36) } };

        var loaded = RoundTrip(zoo);

        loaded.People.Should().BeOfType<List<PositionalPerson>>().Which.Should().Equal(new PositionalPerson("Ada", 36));
    }

    [Fact]
    public void Load_ObjectMemberHoldingUserStruct_KeepsIt()
    {
        var options = PickleOptions.Default with { AllowedTypes = [typeof(Measurement)] };

        var loaded = RoundTrip(new Zoo { Anything = new Measurement(2, "m") }, options);

        loaded.Anything.Should().BeOfType<Measurement>().Which.ToString().Should().Be("2 m");
    }

    [Fact]
    public void Dump_RepeatedConcreteType_WritesItsNameOnce()
    {
        var animals = Enumerable.Range(0, 50).Select(i => (Animal)new Dog { Name = "d" }).ToList();

        var text = System.Text.Encoding.UTF8.GetString(Pickle.DumpToBytes(animals));

        text.Split("Pickling.Tests.Models.Dog").Length.Should().Be(2);
    }

    [Fact]
    public void Dump_ListOfAbstractType_NamesTheTypeOnceThenByIndex()
    {
        var bytes = Pickle.DumpToBytes(new List<Animal> { new Dog { Name = "Rex" }, new Dog { Name = "Max" } });

        var hex = Convert.ToHexString(bytes);

        hex.Should().Contain("9292C72A50C0D927", "the first Dog has a header with no id and its 39-byte type name");
        hex.Should().Contain("92D550C000", "the second Dog's header names type #0");
    }

    [Fact]
    public void Load_NamedTypeNotAssignableToDeclaredType_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes<Animal>(new Dog());

        var act = () => Pickle.LoadFromBytes<IShape>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*Dog*IShape*");
    }

    [Fact]
    public void Load_AbstractMemberWithoutTypeHeader_ThrowsPickleException()
    {
        var bytes = RawFrames.Build(RawFrames.PayloadOf(Pickle.DumpToBytes(new Dictionary<string, string> { ["Name"] = "x" })));

        var act = () => Pickle.LoadFromBytes<Animal>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*Animal*abstract*");
    }

    [Fact]
    public void Load_UnknownTypeName_ThrowsPickleExceptionNamingIt()
    {
        var bytes = PayloadTools.Frame(PayloadTools.Tagged("Nowhere.Ghost, Nowhere", [0x80]));

        var act = () => Pickle.LoadFromBytes<object>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*Nowhere.Ghost*");
    }

    [Fact]
    public void Load_RenamedRootClass_StillLoadsAsDeclaredType()
    {
        var bytes = PayloadTools.Frame(PayloadTools.Tagged("Old.Namespace.PositionalPerson, OldAssembly", PayloadTools.Map(("Name", "Ada"))));

        Pickle.LoadFromBytes<PositionalPerson>(bytes).Name.Should().Be("Ada");
    }
}
