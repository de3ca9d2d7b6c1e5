using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// A frame whose format is <c>json</c> is read by System.Text.Json (issue 15, item 5): its dictionaries and sets must
/// hash keys as the MessagePack path does, and it must refuse the same gadget types.
/// </summary>
public class JsonHostileInputTests
{
    private static readonly PickleOptions Json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };

    public static TheoryData<string> GadgetPayloads => new()
    {
        """{"Name":"w","Worker":{"StartInfo":{"FileName":"/bin/sh","Arguments":"-c id"}}}""",
        """{"Files":{"a":[{"FullPath":"/etc/passwd"}]}}""",
        """{"Workers":[{}]}""",
    };

    [Fact]
    public void Load_JsonDictionaryOfDecimalsWhoseOwnHashesCollide_UsesTheSeededComparer()
    {
        var keys = Enumerable.Range(1, 2000).Select(i => new decimal(i, i, 0, false, 0)).ToList();
        keys.Select(key => key.GetHashCode()).Distinct().Should().HaveCountLessThan(10, "the keys collide under decimal's own hash");
        var frame = JsonFrame("{" + string.Join(',', keys.Select(key => $"\"{key}\":1")) + "}");

        var loaded = Pickle.LoadFromBytes<Dictionary<decimal, int>>(frame);

        loaded.Should().HaveCount(keys.Count);
        loaded.Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        keys.Select(loaded.Comparer.GetHashCode).Distinct().Should().HaveCountGreaterThan(1900, "the seeded hash spreads them");
    }

    [Fact]
    public void Load_JsonHashedCollectionsOfEveryKind_UseTheSeededComparer()
    {
        var frame = JsonFrame("""{"1.5":1}""");
        var set = JsonFrame("""[1.5, 2.5]""");

        Pickle.LoadFromBytes<Dictionary<decimal, int>>(frame).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        ((Dictionary<decimal, int>)Pickle.LoadFromBytes<IDictionary<decimal, int>>(frame)).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        ((Dictionary<decimal, int>)Pickle.LoadFromBytes<IReadOnlyDictionary<decimal, int>>(frame)).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        Pickle.LoadFromBytes<ConcurrentDictionary<decimal, int>>(frame).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        Pickle.LoadFromBytes<HashSet<decimal>>(set).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        ((HashSet<decimal>)Pickle.LoadFromBytes<ISet<decimal>>(set)).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
        ((HashSet<decimal>)Pickle.LoadFromBytes<IReadOnlySet<decimal>>(set)).Comparer.Should().BeSameAs(KeyComparers.For<decimal>());
    }

    [Fact]
    public void Load_JsonDictionaryMember_UsesTheSeededComparerAndKeepsItsValues()
    {
        var value = new ZooValue { ByName = new Dictionary<string, int> { ["a"] = 1 } };

        var loaded = Pickle.LoadFromBytes<ZooValue>(Pickle.DumpToBytes(value, Json));

        loaded.ByName.Should().Equal(value.ByName);
        loaded.ByName!.Comparer.Should().BeSameAs(KeyComparers.For<string>());
    }

    [Theory]
    [MemberData(nameof(GadgetPayloads))]
    public void Load_JsonFillingADeclaredGadgetMember_ThrowsPickleExceptionAndCreatesNothing(string json)
    {
        var frame = JsonFrame(json);

        Action load = json.Contains("Worker\"", StringComparison.Ordinal)
            ? () => Pickle.LoadFromBytes<WorkerSettings>(frame)
            : () => Pickle.LoadFromBytes<GadgetContainers>(frame);

        load.Should().Throw<PickleException>().WithMessage("*never creates*");
    }

    [Fact]
    public void Load_JsonGadgetMemberThatIsNull_LoadsAsNull()
    {
        var loaded = Pickle.LoadFromBytes<WorkerSettings>(JsonFrame("""{"Name":"w","Worker":null}"""));

        loaded.Name.Should().Be("w");
        loaded.Worker.Should().BeNull();
    }

    [Fact]
    public void Dump_JsonWithAGadgetMember_ThrowsPickleException()
    {
        using var process = new System.Diagnostics.Process();

        var act = () => Pickle.DumpToBytes(new WorkerSettings { Worker = process }, Json);

        act.Should().Throw<PickleException>().WithMessage("*System.Diagnostics.Process*never creates*");
    }

    [Fact]
    public void Load_JsonSystemType_ThrowsPickleException()
    {
        var act = () => Pickle.LoadFromBytes<Type>(JsonFrame("\"System.Diagnostics.Process\""));

        act.Should().Throw<PickleException>().WithMessage("*System.Type*");
    }

    [Fact]
    public void Serializer_GivenJsonOptions_LeavesTheCallersOptionsWritable()
    {
        var options = new JsonSerializerOptions();

        _ = new SystemTextJsonPickleSerializer(options);

        options.IsReadOnly.Should().BeFalse("the serializer works on a copy of the caller's settings");
    }

    private static byte[] JsonFrame(string json) => RawFrames.Build(Encoding.UTF8.GetBytes(json), format: "json");
}
