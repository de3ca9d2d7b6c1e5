using System.Collections.Immutable;
using Pickling.Internal;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class RootTypeTests
{
    public static TheoryData<object> ValuesOfEveryKind => new()
    {
        42,
        (byte)7,
        -5L,
        3.5,
        1.5f,
        12.30m,
        'x',
        true,
        "text",
        new DateTime(2026, 12, 1, 8, 0, 0, DateTimeKind.Local),
        new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.FromHours(2)),
        TimeSpan.FromMinutes(3),
        new DateOnly(2026, 12, 1),
        Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
        DayOfWeek.Friday,
        new List<int> { 1, 2, 3 },
        new[] { 1, 2, 3 },
        new[] { 0.5, -0.0 },
        new int[,] { { 1, 2 }, { 3, 4 } },
        new Dictionary<string, int> { ["a"] = 1 },
        new HashSet<string> { "x" },
        (1, "a"),
        ImmutableArray.Create(1, 2),
        new Dog { Name = "Rex", GoodBoy = true },
    };

    [Theory]
    [MemberData(nameof(ValuesOfEveryKind))]
    public void LoadAsObject_AnyRoot_ReturnsTheDumpedTypeAndValue(object value)
    {
        var options = PickleOptions.Default with { AllowedTypes = [typeof(Dog)] };

        foreach (var loaded in EntryPoint.All.Select(entry => entry.RoundTrip<object>(value, options)))
        {
            loaded.Should().BeOfType(value.GetType());
            loaded.Should().BeEquivalentTo(value, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        }
    }

    [Fact]
    public void Load_FrameOfAnotherUserType_ThrowsPickleExceptionNamingBoth()
    {
        var bytes = Pickle.DumpToBytes(new Order { Id = 7, Customer = "Ada" });

        var act = () => Pickle.LoadFromBytes<Member>(bytes);

        act.Should().Throw<PickleException>()
            .WithMessage("The pickle holds a Pickling.Tests.Models.Order; it cannot be loaded as a Pickling.Tests.Models.Member.*PickleFormerName*TypeAliases*");
    }

    [Fact]
    public void Load_FrameOfASameShapedUserType_ThrowsInsteadOfCopyingTheFields()
    {
        var bytes = Pickle.DumpToBytes(new Cat { Name = "Tom" });

        var act = () => Pickle.LoadFromBytes<Dog>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*holds a Pickling.Tests.Models.Cat; it cannot be loaded as a Pickling.Tests.Models.Dog*");
    }

    [Fact]
    public void Load_UserTypeAsABaseTypeOrObject_ReturnsTheDumpedType()
    {
        var dog = new Dog { Name = "Rex" };
        var options = PickleOptions.Default with { AllowedTypes = [typeof(Dog)] };

        Pickle.LoadFromBytes<Animal>(Pickle.DumpToBytes(dog), options).Should().BeOfType<Dog>().Which.Name.Should().Be("Rex");
        Pickle.LoadFromBytes<object>(Pickle.DumpToBytes(dog), options).Should().BeOfType<Dog>();
    }

    [Fact]
    public void Load_UserTypeAsObjectWhenNotAllowed_ThrowsPickleException()
    {
        var act = () => Pickle.LoadFromBytes<object>(Pickle.DumpToBytes(new Order { Id = 1 }));

        act.Should().Throw<PickleException>().WithMessage("*Order*not allowed*");
    }

    [Fact]
    public void Load_AfterLoadsOfItsOwnType_StillChecksEveryOtherRootType()
    {
        var order = Pickle.DumpToBytes(new Order { Id = 1 });
        Pickle.LoadFromBytes<Order>(order).Id.Should().Be(1);

        var asObject = () => Pickle.LoadFromBytes<object>(order);
        var asMember = () => Pickle.LoadFromBytes<Member>(order);

        asObject.Should().Throw<PickleException>().WithMessage("*Order*not allowed*");
        asMember.Should().Throw<PickleException>().WithMessage("*holds a Pickling.Tests.Models.Order; it cannot be loaded as a Pickling.Tests.Models.Member*");
        Pickle.LoadFromBytes<Order>(order).Id.Should().Be(1);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Deserialize_RootTypeSplitAcrossSegments_IsReadAndCheckedAsInOneSegment(int segmentLength)
    {
        var payload = RawFrames.WholePayloadOf(Pickle.DumpToBytes(new Dictionary<string, List<int>> { ["a"] = [1, 2] }));
        var serializer = new MessagePackPickleSerializer();

        serializer.Deserialize<Dictionary<string, List<int>>>(Segments.Split(payload, segmentLength), PickleOptions.Default)
            .Should().BeEquivalentTo(new Dictionary<string, List<int>> { ["a"] = [1, 2] });
        var asOther = () => serializer.Deserialize<List<string>>(Segments.Split(payload, segmentLength), PickleOptions.Default);
        asOther.Should().Throw<PickleException>().WithMessage("*cannot be loaded as a System.Collections.Generic.List<System.String>*");
    }

    [Fact]
    public void Load_CompatibleCollectionsAndNumbers_StillConvert()
    {
        Pickle.LoadFromBytes<int[]>(Pickle.DumpToBytes(new List<int> { 1, 2 })).Should().Equal(1, 2);
        Pickle.LoadFromBytes<List<long>>(Pickle.DumpToBytes(new[] { 1, 2 })).Should().Equal(1L, 2L);
        Pickle.LoadFromBytes<long>(Pickle.DumpToBytes(5)).Should().Be(5L);
        Pickle.LoadFromBytes<double>(Pickle.DumpToBytes(5)).Should().Be(5.0);
        Pickle.LoadFromBytes<int?>(Pickle.DumpToBytes(5)).Should().Be(5);
        Pickle.LoadFromBytes<int>(Pickle.DumpToBytes((int?)5)).Should().Be(5);
        Pickle.LoadFromBytes<Dictionary<string, long>>(Pickle.DumpToBytes(new Dictionary<string, int> { ["a"] = 1 })).Should().Equal(new Dictionary<string, long> { ["a"] = 1 });
        Pickle.LoadFromBytes<IReadOnlyDictionary<string, int>>(Pickle.DumpToBytes(new SortedDictionary<string, int> { ["a"] = 1 })).Should().BeOfType<SortedDictionary<string, int>>();
        Pickle.LoadFromBytes<IEnumerable<int>>(Pickle.DumpToBytes(new[] { 3 })).Should().BeOfType<int[]>();
        Pickle.LoadFromBytes<int>(Pickle.DumpToBytes(DayOfWeek.Friday)).Should().Be(5);
    }

    [Fact]
    public void Load_UnrelatedTypes_ThrowPickleException()
    {
        FluentActions.Invoking(() => Pickle.LoadFromBytes<int>(Pickle.DumpToBytes("5"))).Should().Throw<PickleException>().WithMessage("*System.String*Int32*");
        FluentActions.Invoking(() => Pickle.LoadFromBytes<long>(Pickle.DumpToBytes(DateTime.UnixEpoch))).Should().Throw<PickleException>().WithMessage("*DateTime*Int64*");
        FluentActions.Invoking(() => Pickle.LoadFromBytes<List<Dog>>(Pickle.DumpToBytes(new List<Cat> { new() }))).Should().Throw<PickleException>().WithMessage("*List<Pickling.Tests.Models.Cat*");
        FluentActions.Invoking(() => Pickle.LoadFromBytes<ConsoleColor>(Pickle.DumpToBytes(DayOfWeek.Friday))).Should().Throw<PickleException>().WithMessage("*DayOfWeek*ConsoleColor*");
        FluentActions.Invoking(() => Pickle.LoadFromBytes<Dictionary<string, int>>(Pickle.DumpToBytes(new List<int>()))).Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_VersionOneFrameOfAnotherType_StillLoadsAsVersionOneDid()
    {
        var versionOne = RawFrames.Build(RawFrames.PayloadOf(Pickle.DumpToBytes(5)));

        Pickle.LoadFromBytes<long>(versionOne).Should().Be(5L);
        Pickle.LoadFromBytes<object>(versionOne).Should().BeOfType<byte>("a version-1 payload does not say the root was an int");
    }

    public static TheoryData<string, string> MalformedRootTypes => new()
    {
        { "an unknown code", "7F" },
        { "a generic definition alone", "2B" },
        { "a list without a code", "92A17808" },
        { "too few arguments", "922C08" },
        { "a rank of 0", "93290008" },
        { "a rank of 33", "93292108" },
        { "nested too deep", string.Concat(Enumerable.Repeat("9228", 12)) + "08" },
        { "a map", "80" },
        { "a generic type .NET cannot make", "922A0F" },
    };

    [Theory]
    [MemberData(nameof(MalformedRootTypes))]
    public void Load_MalformedRootType_ThrowsPickleException(string what, string rootType)
    {
        var frame = RawFrames.BuildVersion2([.. Convert.FromHexString(rootType), 0x01]);

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>(what).WithMessage("*root type is malformed*");
    }

    [Fact]
    public void Load_RootTypeNoAssemblyDefines_PointsAtTheRenameTools()
    {
        var frame = RawFrames.BuildVersion2([.. PayloadTools.Write((ref MessagePack.MessagePackWriter writer) => writer.Write("Shop.Kitten, Shop")), 0x80]);

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*'Shop.Kitten, Shop'*no assembly loaded*PickleFormerName*TypeAliases*");
    }

    [Fact]
    public void RoundTrip_RootTypeTooDeepForCodes_IsWrittenByNameAndLoads()
    {
        var type = typeof(int);
        for (var i = 0; i < 12; i++)
        {
            type = typeof(List<>).MakeGenericType(type);
        }

        var value = Activator.CreateInstance(type)!;
        var frame = Pickle.DumpToBytes<object>(value);

        new FrameBytes(frame).TypeName.Should().Be(TypeTags.NameOf(type), "a type beyond the codes' bounds is written by its name");
        Pickle.LoadFromBytes<object>(frame).Should().BeOfType(type);
    }

    [Theory]
    [InlineData("System.Uri")]
    [InlineData("System.Numerics.BigInteger")]
    [InlineData("System.Collections.Immutable.ImmutableList`1")]
    [InlineData("System.Int32")]
    public void CodeOf_ATypeWithTheNameOfOneInTheTableFromAnotherAssembly_HasNoCode(string name)
    {
        var module = System.Reflection.Emit.AssemblyBuilder
            .DefineDynamicAssembly(new System.Reflection.AssemblyName("Impostors"), System.Reflection.Emit.AssemblyBuilderAccess.Run)
            .DefineDynamicModule("Impostors");
        var builder = module.DefineType(name, System.Reflection.TypeAttributes.Public);
        if (name.Contains('`', StringComparison.Ordinal))
        {
            builder.DefineGenericParameters("T");
        }

        var impostor = builder.CreateType();

        RootTypeCodes.CodeOf(impostor).Should().Be(-1);
        RootTypeCodes.TypeOf(RootTypeCodes.CodeOf(Type.GetType($"{name}, {TypeOfName(name).Assembly.GetName().Name}", throwOnError: true)!))
            .Should().Be(TypeOfName(name));
    }

    [Fact]
    public void CodeOf_EveryTypeInTheTable_IsItsCode()
    {
        foreach (var (code, type) in RootTypeCodes.All)
        {
            RootTypeCodes.CodeOf(type).Should().Be(code, $"{type} is code {code}");
            RootTypeCodes.TypeOf(code).Should().BeSameAs(type);
        }

        RootTypeCodes.All.Select(entry => entry.Code).Should().Equal(
            Enumerable.Range(1, 31).Concat(Enumerable.Range(42, 50)),
            "every code of the table names a type this runtime has, those given by name included");
        RootTypeCodes.CodeOf(typeof(RootTypeTests)).Should().Be(-1);
        RootTypeCodes.TypeOf(RootTypeCodes.CodeOf(typeof(System.Numerics.BigInteger))).Should().Be<System.Numerics.BigInteger>();
        RootTypeCodes.TypeOf(RootTypeCodes.CodeOf(typeof(System.Collections.ObjectModel.ObservableCollection<>)))
            .Should().Be(typeof(System.Collections.ObjectModel.ObservableCollection<>));
    }

    [Fact]
    public void MayBeListed_EveryTypeInTheTable_IsTrue()
    {
        foreach (var (code, type) in RootTypeCodes.All)
        {
            RootTypeCodes.MayBeListed(type).Should().BeTrue($"code {code}, {type}, is in the table");
        }
    }

    [Theory]
    [InlineData(typeof(RootTypeTests))]
    [InlineData(typeof(Pickle))]
    [InlineData(typeof(MessagePack.MessagePackSerializer))]
    [InlineData(typeof(Dog))]
    public void MayBeListed_TypeOutsideCoreLibraryAndSystemNamespaces_IsFalseAndHasNoCode(Type type)
    {
        RootTypeCodes.MayBeListed(type).Should().BeFalse();
        RootTypeCodes.CodeOf(type).Should().Be(-1);
    }

    private static Type TypeOfName(string name) => name switch
    {
        "System.Uri" => typeof(Uri),
        "System.Numerics.BigInteger" => typeof(System.Numerics.BigInteger),
        "System.Int32" => typeof(int),
        _ => typeof(ImmutableList<>),
    };

    [Fact]
    public void TryReadName_EveryCodeInTheTable_NamesItsType()
    {
        foreach (var (code, type) in RootTypeCodes.All.Where(entry => !entry.Type.IsGenericTypeDefinition))
        {
            var reader = new MessagePack.MessagePackReader(new[] { (byte)code });
            RootType.TryReadName(ref reader, out var name).Should().BeTrue();
            name.Should().Be(TypeNames.Of(type));
        }
    }
}
