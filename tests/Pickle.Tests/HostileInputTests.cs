using System.Reflection;
using System.Text;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Loading bytes an attacker wrote: every payload is wrapped in a frame with correct checksums, so it reaches the
/// serializer, and must end in a <see cref="PickleException"/> after a bounded allocation.
/// </summary>
public class HostileInputTests
{
    /// <summary>Allocation allowed for one hostile load; the payloads declare up to gigabytes.</summary>
    private const long AllocationBound = 4 * 1024 * 1024;

    private static readonly MethodInfo LoadFromBytesMethod = typeof(Pickle).GetMethod(nameof(Pickle.LoadFromBytes))!;

    public static TheoryData<string, Type> HostilePayloads
    {
        get
        {
            var data = new TheoryData<string, Type>();
            (string Name, Type Fitting)[] cases =
            [
                ("empty", typeof(int)),
                ("valid cut short by one byte", typeof(ZooValue)),
                ("array32 of 4 billion", typeof(List<int>)),
                ("map32 of 2 billion with one entry", typeof(Dictionary<string, int>)),
                ("map32 of 1 billion", typeof(Dictionary<ZooKey, string>)),
                ("str32 of 2 billion", typeof(string)),
                ("bin32 of 2 billion", typeof(byte[])),
                ("100,000 nested arrays", typeof(object[])),
                ("400 nested arrays of 8,000", typeof(object[])),
                ("never-used byte c1", typeof(int)),
                ("typeless extension", typeof(ZooValue)),
                ("int64 max as int", typeof(int)),
                ("valid then deadbeef", typeof(ZooValue)),
                ("200,000 nested links", typeof(ChainLink)),
                ("array16 of 8,000 zoo values, 100 there", typeof(List<ZooValue>)),
                ("map of 1 billion tuple keys", typeof(Dictionary<(int, string), int>)),
                ("set32 of 2 billion", typeof(HashSet<ZooKey>)),
                ("ext32 of 2 billion", typeof(DateTime)),
            ];
            foreach (var (name, fitting) in cases)
            {
                data.Add(name, fitting);
                if (name != "int64 max as int")
                {
                    data.Add(name, typeof(object));
                }
            }

            return data;
        }
    }

    public static TheoryData<string> GadgetTypeNames => new()
    {
        "System.Diagnostics.Process, System.Diagnostics.Process",
        "System.Diagnostics.ProcessStartInfo, System.Diagnostics.Process",
        "System.Windows.Data.ObjectDataProvider, PresentationFramework",
        "System.IO.FileInfo, System.Private.CoreLib",
        "System.Configuration.Install.AssemblyInstaller, System.Configuration.Install",
        "System.Management.Automation.PSObject, System.Management.Automation",
        "System.Security.Principal.WindowsIdentity, System.Security.Principal.Windows",
        "System.Data.DataSet, System.Data.Common",
        "System.CodeDom.Compiler.TempFileCollection, System.CodeDom",
        typeof(GadgetCanary).AssemblyQualifiedName!,
    };

    /// <summary>The payloads of issue 4, by name.</summary>
    public static byte[] Payload(string name) => name switch
    {
        "empty" => [],
        "valid cut short by one byte" => ValidZooPayload()[..^1],
        "array32 of 4 billion" => FrameBuilder.Hex("dd ff ff ff ff"),
        "map32 of 2 billion with one entry" => FrameBuilder.Hex("df 7f ff ff ff a1 61 01"),
        "map32 of 1 billion" => FrameBuilder.Hex("df 40 00 00 00"),
        "str32 of 2 billion" => FrameBuilder.Hex("db 7f ff ff ff 41"),
        "bin32 of 2 billion" => FrameBuilder.Hex("c6 7f ff ff ff 00"),
        "100,000 nested arrays" => [.. Enumerable.Repeat((byte)0x91, 100_000), 0xc0],
        "400 nested arrays of 8,000" => [.. Enumerable.Repeat(FrameBuilder.Hex("dc 1f 40"), 400).SelectMany(b => b), .. Enumerable.Repeat((byte)0xc0, 8000)],
        "never-used byte c1" => [0xc1],
        "typeless extension" => FrameBuilder.Hex("c7 05 64 a3 41 42 43 c0"),
        "int64 max as int" => FrameBuilder.Hex("d3 7f ff ff ff ff ff ff ff"),
        "valid then deadbeef" => [.. ValidZooPayload(), 0xde, 0xad, 0xbe, 0xef],
        "200,000 nested links" => NestedLinks(200_000),
        "array16 of 8,000 zoo values, 100 there" => [.. FrameBuilder.Hex("dc 1f 40"), .. Enumerable.Repeat((byte)0x80, 100)],
        "map of 1 billion tuple keys" => FrameBuilder.Hex("df 40 00 00 00 92 01 a1 61 01"),
        "set32 of 2 billion" => FrameBuilder.Hex("dd 7f ff ff ff 92 01 a1 61"),
        "ext32 of 2 billion" => FrameBuilder.Hex("c9 7f ff ff ff ff 00"),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    [Theory]
    [MemberData(nameof(HostilePayloads))]
    public void Load_HostilePayload_ThrowsPickleExceptionWithinBoundedAllocation(string name, Type type)
    {
        var frame = FrameBuilder.Frame(Payload(name));
        LoadIgnoringErrors(frame, type);

        var (error, allocated) = MeasureLoad(frame, type);

        error.Should().BeOfType<PickleException>($"loading {name} as {type.Name} must fail as content, not {error}");
        allocated.Should().BeLessThan(AllocationBound, $"'{name}' must not allocate by its declared lengths");
    }

    [Theory]
    [MemberData(nameof(HostilePayloads))]
    public void Load_HostilePayloadFromTrickleStream_ThrowsPickleException(string name, Type type)
    {
        var frame = FrameBuilder.Frame(Payload(name));

        var error = Record.Exception(() => LoadFromStream(new TrickleStream(new MemoryStream(frame), maxRead: 4096), type));

        error.Should().BeOfType<PickleException>($"loading {name} as {type.Name} must fail as content, not {error}");
    }

    [Fact]
    public void Load_NestedArraysDeeperThanMaxDepth_NamesMaxDepth()
    {
        var frame = FrameBuilder.Frame(Payload("100,000 nested arrays"));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Load_NestingWithinMaxDepth_Loads()
    {
        var frame = FrameBuilder.Frame([.. Enumerable.Repeat((byte)0x91, 40), 0x01]);

        var value = Pickle.LoadFromBytes<object>(frame, PickleOptions.Default with { MaxDepth = 41 });

        for (var i = 0; i < 40; i++)
        {
            value = value.Should().BeOfType<object[]>().Which.Should().ContainSingle().Subject;
        }

        value.Should().Be((byte)1);
    }

    [Fact]
    public void Load_NestingOneBeyondMaxDepth_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame([.. Enumerable.Repeat((byte)0x91, 41), 0x01]);

        var act = () => Pickle.LoadFromBytes<object>(frame, PickleOptions.Default with { MaxDepth = 40 });

        act.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Theory]
    [MemberData(nameof(GadgetTypeNames))]
    public void Load_TypelessExtensionNamingGadgetAsObject_ThrowsPickleExceptionAndCreatesNothing(string typeName)
    {
        var before = GadgetCanary.Constructed;
        var frame = FrameBuilder.Frame(TypelessExtension(typeName));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>();
        GadgetCanary.Constructed.Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(GadgetTypeNames))]
    public void Load_TypelessExtensionNamingGadgetInsideObjectMembersAndCollections_ThrowsPickleExceptionAndCreatesNothing(string typeName)
    {
        var before = GadgetCanary.Constructed;
        var gadget = TypelessExtension(typeName);
        byte[][] payloads =
        [
            [0x81, .. Str("Anything"), .. gadget],
            [0x81, .. Str("Objects"), 0x92, 0x01, .. gadget],
        ];

        foreach (var payload in payloads)
        {
            var frame = FrameBuilder.Frame(payload);
            FluentActions.Invoking(() => Pickle.LoadFromBytes<ZooValue>(frame)).Should().Throw<PickleException>();
            FluentActions.Invoking(() => Pickle.LoadFromBytes<object>(frame)).Should().Throw<PickleException>();
        }

        var inList = FrameBuilder.Frame([0x92, 0x01, .. gadget]);
        FluentActions.Invoking(() => Pickle.LoadFromBytes<List<object>>(inList)).Should().Throw<PickleException>();
        FluentActions.Invoking(() => Pickle.LoadFromBytes<object[]>(inList)).Should().Throw<PickleException>();
        var inMap = FrameBuilder.Frame([0x81, .. Str("key"), .. gadget]);
        FluentActions.Invoking(() => Pickle.LoadFromBytes<Dictionary<string, object>>(inMap)).Should().Throw<PickleException>();
        var asKey = FrameBuilder.Frame([0x81, .. gadget, 0x01]);
        FluentActions.Invoking(() => Pickle.LoadFromBytes<Dictionary<object, int>>(asKey)).Should().Throw<PickleException>();
        GadgetCanary.Constructed.Should().Be(before);
    }

    [Theory]
    [MemberData(nameof(GadgetTypeNames))]
    public void Load_TypeNameAsSystemType_DoesNotResolveTheType(string typeName)
    {
        var frame = FrameBuilder.Frame(Str(typeName));

        var error = Record.Exception(() => Pickle.LoadFromBytes<Type>(frame));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Contain("System.Type");
    }

    [Fact]
    public void Dump_SystemType_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(typeof(GadgetCanary));

        act.Should().Throw<PickleException>().WithMessage("*System.Type*string*");
    }

    [Fact]
    public void Dump_ThenLoadAsObject_NeverCreatesTheDumpedType()
    {
        var before = GadgetCanary.Constructed;
        // A writer that allows the type; this reader does not.
        var frame = Pickle.DumpToBytes<object>(new GadgetCanary { Command = "calc" }, PickleOptions.Default with { AllowedTypes = [typeof(GadgetCanary)] });
        var after = GadgetCanary.Constructed;

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*GadgetCanary*not allowed*AllowedTypes*");
        GadgetCanary.Constructed.Should().Be(after);
        after.Should().Be(before + 1);
    }

    [Fact]
    public void Load_DictionaryWithCustomAndTupleKeys_UsesCollisionResistantComparer()
    {
        var frame = Pickle.DumpToBytes(ZooValue.Sample());

        var loaded = Pickle.LoadFromBytes<ZooValue>(frame);

        loaded.ByName!.Comparer.Should().NotBeSameAs(EqualityComparer<string>.Default);
        loaded.ByKey!.Comparer.Should().NotBeSameAs(EqualityComparer<ZooKey>.Default);
        loaded.ByTuple!.Comparer.Should().NotBeSameAs(EqualityComparer<(int, string)>.Default);
        loaded.Keys!.Comparer.Should().NotBeSameAs(EqualityComparer<ZooKey>.Default);
        var key = new ZooKey(5, "five");
        loaded.ByKey.Comparer.GetHashCode(key).Should().NotBe(key.GetHashCode(), "custom keys' hash codes are mixed with a random seed");
        loaded.ByKey[new ZooKey(1, "one")].Should().Be("x");
        loaded.ByTuple[(1, "a")].Should().Be(3);
        loaded.Keys.Should().Contain(new ZooKey(2, "two"));
    }

    internal static byte[] ValidZooPayload() => RawFrames.PayloadOf(Pickle.DumpToBytes(ZooValue.Sample()));

    internal static (Exception? Error, long Allocated) MeasureLoad(byte[] frame, Type type)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(() => LoadIgnoringErrors(frame, type, rethrow: true));
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    internal static void LoadIgnoringErrors(byte[] frame, Type type, bool rethrow = false)
    {
        try
        {
            LoadFromBytesMethod.MakeGenericMethod(type).Invoke(null, [new ReadOnlyMemory<byte>(frame), null]);
        }
        catch (TargetInvocationException e) when (rethrow)
        {
            throw e.InnerException!;
        }
        catch (TargetInvocationException)
        {
        }
    }

    private static void LoadFromStream(Stream stream, Type type)
    {
        try
        {
            typeof(HostileInputTests).GetMethod(nameof(LoadFromStreamAs), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, [stream]);
        }
        catch (TargetInvocationException e)
        {
            throw e.InnerException!;
        }
    }

    private static object? LoadFromStreamAs<T>(Stream stream) => Pickle.Load<T>(stream);

    private static byte[] NestedLinks(int depth)
    {
        // {"Value": 0, "Next": {...}} nested depth times, then nil.
        byte[] open = [0x82, .. Str("Value"), 0x00, .. Str("Next")];
        var bytes = new byte[(open.Length * depth) + 1];
        for (var i = 0; i < depth; i++)
        {
            open.CopyTo(bytes, i * open.Length);
        }

        bytes[^1] = 0xc0;
        return bytes;
    }

    private static byte[] TypelessExtension(string typeName)
    {
        // MessagePack's typeless encoding: ext 100 holding the type name, then the value as a map.
        byte[] body = [.. Str(typeName), 0x82, .. Str("FileName"), .. Str("calc"), .. Str("Command"), .. Str("calc")];
        return [0xc8, (byte)(body.Length >> 8), (byte)body.Length, 100, .. body];
    }

    private static byte[] Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length < 32 ? [(byte)(0xa0 | bytes.Length), .. bytes] : [0xd9, (byte)bytes.Length, .. bytes];
    }
}
