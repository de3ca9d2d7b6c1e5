using System.Collections.Immutable;
using System.Numerics;
using System.Reflection;
using System.Text;
using Pickling.Internal;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Frames written by each format version, kept in Golden/v1, Golden/v2 ... forever: every later Pickle must load each
/// of them to the same value. To add a case, add it to <see cref="All"/> and run the tests once with
/// PICKLE_WRITE_GOLDEN=1, which writes the files of the current version that are missing (it never rewrites one).
/// </summary>
public class GoldenFileTests
{
    private static readonly byte[] Key = Encoding.ASCII.GetBytes("golden-files-signing-key-32bytes");
    private static readonly PickleOptions Json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
    private static readonly PickleOptions Signed = PickleOptions.Default with { SigningKey = Key };

    private static readonly Dictionary<string, GoldenCase> All = new GoldenCase[]
    {
        Case("int-list", new List<int> { 1, 2, 3 }),
        Case("string", "héllo\0wörld 🥒"),
        Case("integers", (sbyte.MinValue, byte.MaxValue, short.MinValue, ushort.MaxValue, int.MinValue, uint.MaxValue, long.MinValue, ulong.MaxValue)),
        Case("floats", new[] { double.NaN, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, Math.PI }),
        Case("float-array", new[] { 1.5f, -0.0f, float.NaN, float.MaxValue }),
        Case("decimal", new[] { 1.00m, decimal.MaxValue, -0.0001m }),
        Case("big-numbers", (Int128.MinValue, UInt128.MaxValue, BigInteger.Pow(3, 100), new Complex(1.5, -2))),
        Case("date-times", new[] { new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Unspecified), DateTime.MaxValue }),
        Case("dates", (new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(-5)), new DateOnly(2026, 11, 25), new TimeOnly(23, 59, 59, 999), TimeSpan.FromTicks(-123456789))),
        Case("misc-values", (Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), new Uri("https://example.com/a?b=c"), new Version(1, 2, 3, 4), 'ÿ', (Half)0.333f)),
        Case("enums", new[] { DayOfWeek.Friday, DayOfWeek.Sunday }),
        Case("flags", FileAttributes.Hidden | FileAttributes.ReadOnly),
        Case("nullables", new int?[] { 1, null, 3 }),
        Case("null", (string?)null),
        Case("matrix", new[,] { { 1, 2, 3 }, { 4, 5, 6 } }),
        Case("jagged", new[] { new[] { 1 }, Array.Empty<int>(), new[] { 2, 3 } }),
        Case("dictionary", new Dictionary<string, double[]> { ["weights"] = [0.5, -1], ["bias"] = [2] }),
        Case("tuple-keys", new Dictionary<(int, string), int> { [(1, "a")] = 10, [(2, "b")] = 20 }),
        Case("collections", (new HashSet<int> { 3, 1 }, new Queue<string>(["x", "y"]), new Stack<int>([1, 2, 3]), new LinkedList<int>([4, 5]), new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1 })),
        Case("immutable", (ImmutableArray.Create(1, 2), ImmutableList.Create("a"), ImmutableDictionary<string, int>.Empty.Add("k", 1))),
        Case("record", Sample.Member),
        Case("json-record", Sample.Member, Json),
        Case("signed-record", Sample.Member, Signed),
        Case("lz4-record", Sample.Member, PickleOptions.Default with { Compression = PickleCompression.Lz4 }),
        Case("zstd-doubles", Enumerable.Range(0, 10_000).Select(i => Math.Round(Math.Sin(i / 100.0), 3)).ToArray(), PickleOptions.Default with { Compression = PickleCompression.Zstd }),
        Case("blitted-arrays", (new[] { 1, -2, int.MaxValue }, new List<double> { 0.5, double.NaN }, new[,] { { 1.5f, 2 }, { 3, 4 } }, new[] { true, false }, "ab".ToCharArray())),
        Case("private-state", new Cat { Name = "Tom" }),
        Case("object-graph", new Zoo
        {
            Animals = [new Dog { Name = "Rex", GoodBoy = true }, new Cat { Name = "Tom" }],
            Star = new Dog { Name = "Lassie" },
            Anything = new List<int> { 1, 2 },
            Bag = new Dictionary<string, object?> { ["n"] = 1, ["s"] = "x", ["none"] = null },
            Items = [1, "two", null],
        }),
        Case(
            "record-list",
            (new List<Member?> { Sample.Member, null, new("Grace", 85, new DateTime(1906, 12, 9, 0, 0, 0, DateTimeKind.Utc), []), Sample.Member },
                new List<Probe> { new() { Channel = 1, Gain = 0.5, Name = "left" }, new() { Channel = 2, Gain = -0.0, Name = null } }),
            since: 5),
        new GoldenCase(
            "references",
            path =>
            {
                var root = new TreeNode { Name = "root" };
                var child = new TreeNode { Name = "child", Parent = root };
                root.Children.AddRange([child, child]);
                Pickle.DumpToFile(root, path, PickleOptions.Default with { PreserveReferences = true });
            },
            path =>
            {
                var root = Pickle.LoadFromFile<TreeNode>(path);
                root.Name.Should().Be("root");
                root.Children.Should().HaveCount(2);
                root.Children[0].Should().BeSameAs(root.Children[1], "one child was added twice");
                root.Children[0].Parent.Should().BeSameAs(root, "the child points back at its parent");
            }),
    }.ToDictionary(c => c.Name);

    public static TheoryData<string> Cases => [.. All.Keys];

    public static TheoryData<int, string> CasesOfEachVersion
    {
        get
        {
            var cases = new TheoryData<int, string>();
            for (var version = 1; version <= FrameHeader.CurrentVersion; version++)
            {
                foreach (var golden in All.Values.Where(golden => version >= golden.Since))
                {
                    cases.Add(version, golden.Name);
                }
            }

            return cases;
        }
    }

    [Theory]
    [MemberData(nameof(CasesOfEachVersion))]
    public void LoadFromFile_GoldenFile_ReturnsTheValueItWasWrittenFrom(int version, string name)
    {
        var golden = All[name];
        var path = PathOf(version, name);
        if (!File.Exists(path) && version == FrameHeader.CurrentVersion && Environment.GetEnvironmentVariable("PICKLE_WRITE_GOLDEN") == "1")
        {
            golden.Write(path);
        }

        File.Exists(path).Should().BeTrue($"{path} must exist; write it once with PICKLE_WRITE_GOLDEN=1");
        File.ReadAllBytes(path)[4].Should().Be((byte)version);

        golden.Check(path);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DumpToFile_GoldenCase_WritesTheSamePayloadAsItsGoldenFile(string name)
    {
        using var directory = new TempDirectory();
        var path = directory.File(name + ".pickle");

        All[name].Write(path);

        RawFrames.WholePayloadOf(File.ReadAllBytes(path)).Should().Equal(RawFrames.WholePayloadOf(File.ReadAllBytes(PathOf(FrameHeader.CurrentVersion, name))));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(FrameHeader.CurrentVersion)]
    public void LoadAllFromFile_GoldenFileOfThreeFrames_ReturnsEachInOrder(int version)
    {
        var path = PathOf(version, "three-frames");
        if (!File.Exists(path) && version == FrameHeader.CurrentVersion && Environment.GetEnvironmentVariable("PICKLE_WRITE_GOLDEN") == "1")
        {
            using var file = Pickle.OpenWrite(path);
            Pickle.Dump<object>(1, file);
            Pickle.Dump<object>("two", file);
            Pickle.Dump<object>(3.0, file);
        }

        using var stream = Pickle.OpenRead(path);
        Pickle.Load<object>(stream).Should().BeOfType<int>().Which.Should().Be(1);
        Pickle.Load<object>(stream).Should().BeOfType<string>().Which.Should().Be("two");
        Pickle.Load<object>(stream).Should().BeOfType<double>().Which.Should().Be(3.0);
        stream.Position.Should().Be(stream.Length);
    }

    private static string PathOf(int version, string name)
    {
        var projectDirectory = typeof(GoldenFileTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
        return Path.Combine(projectDirectory, "Golden", $"v{version}", name + ".pickle");
    }

    private static GoldenCase Case<T>(string name, T value, PickleOptions? options = null, int since = 1) =>
        new(name,
            path => Pickle.DumpToFile(value, path, options),
            path => Pickle.LoadFromFile<T>(path, options).Should().BeEquivalentTo(value, o => o.WithStrictOrdering().RespectingRuntimeTypes().ComparingByMembers<T>()),
            since);

    /// <summary>A golden case, whose files exist from the format version <paramref name="Since"/> on (the version that first wrote what it holds).</summary>
    private sealed record GoldenCase(string Name, Action<string> Write, Action<string> Check, int Since = 1);
}
