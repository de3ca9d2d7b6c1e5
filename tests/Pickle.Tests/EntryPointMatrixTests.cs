using System.Text.RegularExpressions;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// The differential round-trip matrix: every case of the faithful round-trip suite, and values above the size from
/// which large payloads take their own read paths, through every entry point, with every kind of option. Every path
/// must give the same value, or the same error.
/// </summary>
public class EntryPointMatrixTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly Dictionary<string, PickleOptions> Options = new()
    {
        ["default"] = PickleOptions.Default,
        ["references"] = PickleOptions.Default with { PreserveReferences = true },
        ["lz4"] = PickleOptions.Default with { Compression = PickleCompression.Lz4 },
        ["zstd, signed"] = PickleOptions.Default with { Compression = PickleCompression.Zstd, SigningKey = Key },
        ["signed"] = PickleOptions.Default with { SigningKey = Key },
        ["converters"] = PickleOptions.Default with { Converters = [new QuadrupledListSurrogate()] },
    };

    private static readonly RoundTripCases Large = new(compareDumps: true)
    {
        { "double[] of 300,000", Doubles(300_000) },
        { "List<double> of 300,000", Doubles(300_000).ToList() },
        { "float[,] of 600 × 600", Matrix(600) },
        { "bool[] of 2,000,000", Enumerable.Range(0, 2_000_000).Select(i => i % 3 == 0).ToArray() },
        { "Dictionary<string, double[]> of 2.4 MB", Enumerable.Range(0, 30).ToDictionary(i => $"layer{i}", i => Doubles(10_000 * (i % 3) + 1)) },
        { "Dictionary<string, List<double>> of 2.4 MB", Enumerable.Range(0, 3).ToDictionary(i => $"list{i}", i => Doubles(100_000).ToList()) },
        { "class with large members", Holder() },
        { "List<Reading> of 1.6 MB, keys once", Reading.List(40_000) },
        { "List<Station> of 1.4 MB, keyed lists within keyed lists", Enumerable.Range(0, 1_000).Select(i => new Station { Name = $"station {i}", Readings = Reading.List(40) }).ToList() },
    };

    public static TheoryData<int, string, string> SuiteCases()
    {
        var data = new TheoryData<int, string, string>();
        var suites = MessagePackPickleSerializerTests.Suites;
        for (var suite = 0; suite < suites.Count; suite++)
        {
            foreach (var name in suites[suite])
            {
                foreach (var options in Options.Keys)
                {
                    data.Add(suite, name, options);
                }
            }
        }

        return data;
    }

    public static TheoryData<string, string> LargeCases() => TheoryPairs.Cross(Large, Options.Keys);

    [Theory]
    [MemberData(nameof(SuiteCases))]
    public void EveryEntryPoint_FaithfulSuiteCase_LoadsTheSameValue(int suite, string name, string options) =>
        MessagePackPickleSerializerTests.Suites[suite].CheckEveryEntryPoint(name, Options[options], EntryPoint.All);

    [Theory]
    [MemberData(nameof(LargeCases))]
    public void EveryEntryPoint_ValueAboveOneMebibyte_LoadsTheSameValue(string name, string options) =>
        Large.CheckEveryEntryPoint(name, Options[options], EntryPoint.All.Where(entryPoint => !entryPoint.IsSlow).ToList());

    [Fact]
    public void LoadFromFile_ConverterOfALargeListRoot_LoadsWhatLoadFromBytesLoads()
    {
        // The large-array read of a file once ran outside the serializer and skipped the options' converters.
        var options = Options["converters"];
        var list = Doubles(300_000).ToList();
        using var temp = new TempDirectory();
        Pickle.DumpToFile(list, temp.File("list.pickle"), options);

        var fromFile = Pickle.LoadFromFile<List<double>>(temp.File("list.pickle"), options);
        var fromBytes = Pickle.LoadFromBytes<List<double>>(File.ReadAllBytes(temp.File("list.pickle")), options);

        fromFile.Should().Equal(list);
        fromBytes.Should().Equal(list);
    }

    [Fact]
    public void EveryEntryPoint_DamagedLargeFrame_FailsWithTheSameMessage()
    {
        var bytes = Pickle.DumpToBytes(Doubles(300_000));
        bytes[bytes.Length / 2] ^= 0x10;
        var messages = EntryPoint.All.Where(entryPoint => !entryPoint.IsSlow).Select(entryPoint =>
        {
            try
            {
                entryPoint.Load<double[]>(bytes, null);
                return "loaded";
            }
            catch (PickleException e)
            {
                // Where the frame is, is said as far as the stream can tell it: a stream that cannot seek has no offset.
                return Regex.Replace(e.Message, @" in (frame [\d,]+|the frame) at byte offset [\d,]+", string.Empty);
            }
        }).Distinct().ToList();

        messages.Should().ContainSingle().Which.Should().Contain("checksum does not match");
    }

    [Theory]
    [InlineData("nulls of a huge struct")]
    [InlineData("zstd zeros")]
    [InlineData("lz4 zeros")]
    [InlineData("matrix of 0 x int.MaxValue")]
    public void EveryEntryPoint_AllocationBomb_FailsWithTheSameMessageWithinTheBudget(string bomb)
    {
        var frame = bomb switch
        {
            "nulls of a huge struct" => AllocationBombTests.NullsOfHugeStructs(300_000),
            "zstd zeros" => Pickle.DumpToBytes(new byte[64 << 20], PickleOptions.Default with { Compression = PickleCompression.Zstd }),
            "lz4 zeros" => Pickle.DumpToBytes(new byte[64 << 20], PickleOptions.Default with { Compression = PickleCompression.Lz4 }),
            _ => FrameBuilder.Frame(FrameBuilder.Hex("C7 12 5B 69 02 00000000 FFFFFF7F 00000000 00000000")),
        };
        Func<EntryPoint, object?> load = bomb.StartsWith("matrix", StringComparison.Ordinal)
            ? entryPoint => entryPoint.Load<int[,]>(frame, null)
            : entryPoint => entryPoint.Load<object>(frame, null);
        var messages = EntryPoint.All.Where(entryPoint => !entryPoint.IsSlow).Select(entryPoint =>
        {
            var (error, allocated) = AllocationBombTests.Measure(() => load(entryPoint));
            allocated.Should().BeLessThan(AllocationBombTests.Bound(frame.Length), $"{bomb} through {entryPoint}");
            return error.Should().BeAssignableTo<PickleException>($"{bomb} through {entryPoint}").Subject.Message;
        }).Distinct().ToList();

        messages.Should().ContainSingle();
    }

    private static double[] Doubles(int count) => Enumerable.Range(0, count).Select(i => (i * 0.25) - 1_000).ToArray();

    private static float[,] Matrix(int side)
    {
        var matrix = new float[side, side];
        for (var i = 0; i < side; i++)
        {
            for (var j = 0; j < side; j++)
            {
                matrix[i, j] = (i * side) + j + 0.5f;
            }
        }

        return matrix;
    }

    private static LargeHolder Holder()
    {
        var weights = Doubles(150_000);
        return new LargeHolder
        {
            Name = "model",
            Weights = weights,
            SameWeights = weights,
            Biases = Enumerable.Range(0, 100_000).Select(i => (float)i).ToList(),
            Grid = new int[300, 2],
        };
    }
}
