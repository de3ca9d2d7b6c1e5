using System.Runtime.CompilerServices;
using System.Text;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;
using Xunit.Abstractions;

namespace Pickling.Tests;

/// <summary>
/// Small inputs that used to make a load allocate gigabytes (issue 15, item 5): each must now fail with a
/// <see cref="PickleException"/> having allocated at most 64 bytes per input byte plus 16 MiB, and the same values
/// written by Pickle must still load once the options allow the allocation.
/// </summary>
public class AllocationBombTests(ITestOutputHelper output)
{
    private const long Allowance = 16L * 1024 * 1024;

    /// <summary>A struct of 1,808 bytes: a ValueTuple`8 of Guids nested 16 levels deep, with a 1,956-character name.</summary>
    internal static readonly Type HugeStruct = NestedGuidTuple(16);

    private static readonly Type NullableHuge = typeof(Nullable<>).MakeGenericType(HugeStruct);

    [Theory]
    [InlineData(300_000)]
    [InlineData(8_000_000)]
    public void Load_ArrayOfNullsOfAHugeNullableStruct_ThrowsPickleExceptionWithinTheBudget(int count)
    {
        var frame = NullsOfHugeStructs(count);

        var (error, allocated) = Measure(() => LoadAsObject(frame, options: null));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Contain("MaxAllocation");
        allocated.Should().BeLessThan(Bound(frame.Length), "the nulls must not be allocated at the struct's size before the budget is checked");
    }

    [Fact]
    public void Load_ArrayOfNullsOfALargeStructWrittenByPickle_LoadsOnlyWithMaxAllocationRaised()
    {
        var frame = Pickle.DumpToBytes(new HostileFrames.BigStruct?[300_000]);

        var atDefault = () => Pickle.LoadFromBytes<HostileFrames.BigStruct?[]>(frame);
        var loaded = Pickle.LoadFromBytes<HostileFrames.BigStruct?[]>(frame, PickleOptions.Default with { MaxAllocation = 1L << 30 });

        atDefault.Should().Throw<PickleException>().WithMessage("*300,000 elements*MaxAllocation*");
        loaded.Should().HaveCount(300_000).And.OnlyContain(value => value == null);
    }

    [Fact]
    public void Load_CollectionsOfNullsOfAHugeNullableStruct_ThrowsPickleExceptionWithinTheBudget()
    {
        foreach (var collection in new[] { typeof(List<>), typeof(HashSet<>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>), typeof(SortedSet<>) })
        {
            var frame = NullsAs(collection.MakeGenericType(NullableHuge), nulls: 50_000);

            var (error, allocated) = Measure(() => LoadAsObject(frame, options: null));

            error.Should().BeOfType<PickleException>($"a {collection.Name} of nulls is as costly as an array of them");
            allocated.Should().BeLessThan(Bound(frame.Length), collection.Name);
        }
    }

    [Theory]
    [InlineData(PickleCompression.Zstd)]
    [InlineData(PickleCompression.Lz4)]
    public void Load_CompressedZerosExpandingOverTheBudget_ThrowsPickleExceptionNamingMaxAllocation(PickleCompression codec)
    {
        var frame = Pickle.DumpToBytes(new byte[64 * 1024 * 1024], PickleOptions.Default with { Compression = codec });

        var (error, allocated) = Measure(() => Pickle.LoadFromBytes<object>(frame));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Contain("MaxAllocation");
        allocated.Should().BeLessThan(Bound(frame.Length));
    }

    [Theory]
    [InlineData(PickleCompression.Zstd)]
    [InlineData(PickleCompression.Lz4)]
    public void Load_CompressedZerosWithMaxAllocationRaised_Loads(PickleCompression codec)
    {
        var zeros = new float[16 * 1024 * 1024];
        var frame = Pickle.DumpToBytes(zeros, PickleOptions.Default with { Compression = codec });

        var loaded = Pickle.LoadFromBytes<float[]>(frame, PickleOptions.Default with { MaxAllocation = 1L << 30 });

        loaded.Should().HaveCount(zeros.Length).And.OnlyContain(value => value == 0);
    }

    [Fact]
    public void Load_ZstdFrameOf32KBDeclaringAGibibyteBin_ThrowsPickleExceptionWithinTheBudget()
    {
        var frame = HostileFrames.ZstdBinBomb(1L << 30);

        var (error, allocated) = Measure(() => Pickle.LoadFromBytes<object>(frame));

        frame.Length.Should().BeLessThan(40_000);
        error.Should().BeOfType<PickleException>();
        allocated.Should().BeLessThan(Bound(frame.Length));
    }

    [Fact]
    public void Load_MatrixShapeOfZeroByIntMaxValue_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(FrameBuilder.Hex("C7 12 5B 69 02 00000000 FFFFFF7F 00000000 00000000"));

        var (error, allocated) = Measure(() => Pickle.LoadFromBytes<int[,]>(frame));

        error.Should().BeOfType<PickleException>().Which.Message.Should().Contain("2,147,483,647");
        allocated.Should().BeLessThan(Bound(frame.Length));
    }

    [Fact]
    public void Load_StreamOf59BytesClaimingThreeGibibytes_ThrowsPickleExceptionWithinTheBudget()
    {
        var bytes = LyingStreamStart();
        bytes.Length.Should().Be(59);

        foreach (var useAsync in new[] { false, true })
        {
            var (error, allocated) = Measure(() => _ = useAsync
                ? Pickle.LoadAsync<float[]>(new OverclaimingStream(bytes, claimedExtra: 3L << 30)).AsTask().GetAwaiter().GetResult()
                : Pickle.Load<float[]>(new OverclaimingStream(bytes, claimedExtra: 3L << 30)));

            error.Should().BeOfType<PickleDamagedException>();
            allocated.Should().BeLessThan(Bound(bytes.Length), useAsync ? "async" : "sync");
        }
    }

    /// <summary>
    /// The figures of README's "Loading files you did not write": each bomb's size, what loading it allocated, and the
    /// bytes allocated per input byte. <c>dotnet test tests/Pickle.Tests --filter "FullyQualifiedName~AllocationBombTests.Load_EachBomb" --logger "console;verbosity=detailed"</c>.
    /// </summary>
    [Fact]
    public void Load_EachBomb_AllocatesAtMost64BytesPerInputBytePlus16MiB()
    {
        (string Name, byte[] Frame, Action<byte[]> Load)[] bombs =
        [
            ("300,000 nils of a 1,808-byte Nullable", NullsOfHugeStructs(300_000), frame => Pickle.LoadFromBytes<object>(frame)),
            ("8,000,000 nils of a 1,808-byte Nullable", NullsOfHugeStructs(8_000_000), frame => Pickle.LoadFromBytes<object>(frame)),
            ("Zstandard bin of 1 GiB", HostileFrames.ZstdBinBomb(1L << 30), frame => Pickle.LoadFromBytes<object>(frame)),
            ("LZ4 bin of 1 GiB", HostileFrames.Lz4BinBomb(1L << 30), frame => Pickle.LoadFromBytes<object>(frame)),
            ("59 bytes in a stream claiming 3 GiB", LyingStreamStart(), frame => Pickle.Load<float[]>(new OverclaimingStream(frame, claimedExtra: 3L << 30))),
            ("ext 91 of shape [0, int.MaxValue]", FrameBuilder.Frame(FrameBuilder.Hex("C7 12 5B 69 02 00000000 FFFFFF7F 00000000 00000000")), frame => Pickle.LoadFromBytes<int[,]>(frame)),
        ];
        foreach (var (name, frame, load) in bombs)
        {
            var (error, allocated) = Measure(() => load(frame));

            output.WriteLine($"{name}: {frame.Length:N0} bytes, allocated {allocated:N0} bytes, {(double)allocated / frame.Length:N1} per input byte");
            error.Should().BeAssignableTo<PickleException>(name);
            allocated.Should().BeLessThan(Bound(frame.Length), name);
        }
    }

    [LargeDataFact]
    [Trait("Category", "LargeData")]
    public void LoadFromFile_GibibyteOfZerosWrittenCompressed_LoadsOnceMaxAllocationAllowsIt()
    {
        using var directory = new TempDirectory();
        var path = directory.File("zeros.zst");
        Pickle.DumpToFile(new float[256 << 20], path);

        var atDefault = () => Pickle.LoadFromFile<float[]>(path);

        atDefault.Should().Throw<PickleException>().WithMessage("*MaxAllocation*");
        Pickle.LoadFromFile<float[]>(path, PickleOptions.Default with { MaxAllocation = 2L << 30 }).Should().HaveCount(256 << 20);
    }

    internal static long Bound(long inputBytes) => (64 * inputBytes) + Allowance;

    internal static (Exception? Error, long Allocated) Measure(Action load)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var error = Record.Exception(load);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>A <c>Nullable</c> of <see cref="HugeStruct"/> array of <paramref name="count"/> nulls, one byte each, as <c>object</c>.</summary>
    internal static byte[] NullsOfHugeStructs(int count) => NullsAs(NullableHuge.MakeArrayType(), count);

    /// <summary>A header declaring a 2 GiB float[] (an ext 32 of 2 GiB + 1 bytes), then the first bytes of its elements: 59 bytes.</summary>
    private static byte[] LyingStreamStart()
    {
        const long Data = 2L * 1024 * 1024 * 1024;
        var header = FrameBuilder.Header("msgpack", "System.Single[]", Data + 7);
        return [.. header, 0xc9, 0x80, 0x00, 0x00, 0x01, 0x5a, 0x66, 0, 0, 0, 0];
    }

    private static object? LoadAsObject(byte[] frame, PickleOptions? options) => Pickle.LoadFromBytes<object>(frame, options);

    /// <summary>
    /// A version-1 frame of a <paramref name="collection"/> type declared <c>object</c>, as Pickle writes it (its header
    /// naming the type), holding <paramref name="nulls"/> nils: one byte per element.
    /// </summary>
    private static byte[] NullsAs(Type collection, int nulls)
    {
        var name = Encoding.UTF8.GetBytes(TypeTags.NameOf(collection));
        byte[] body = [0xc0, 0xda, (byte)(name.Length >> 8), (byte)name.Length, .. name];
        byte[] header = [0xc8, (byte)(body.Length >> 8), (byte)body.Length, 80, .. body];
        byte[] count = [0xdd, (byte)(nulls >> 24), (byte)(nulls >> 16), (byte)(nulls >> 8), (byte)nulls];
        return RawFrames.Build([0x92, .. header, .. count, .. Enumerable.Repeat((byte)0xc0, nulls)]);
    }

    private static Type NestedGuidTuple(int levels)
    {
        var type = typeof(ValueTuple<Guid>);
        for (var i = 1; i < levels; i++)
        {
            type = typeof(ValueTuple<,,,,,,,>).MakeGenericType([.. Enumerable.Repeat(typeof(Guid), 7), type]);
        }

        return type;
    }

    [Fact]
    public void HugeStruct_IsAsLargeAsTheIssueSays()
    {
        var size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(HugeStruct).Invoke(null, null)!;

        size.Should().BeGreaterThan(1_600);
    }
}
