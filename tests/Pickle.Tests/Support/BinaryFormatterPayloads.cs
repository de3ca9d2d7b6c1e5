using System.Reflection;
using Pickling.Tests.Models;

namespace Pickling.Tests.Support;

/// <summary>
/// BinaryFormatter payloads for the tests of <see cref="Pickle.LoadBinaryFormatter{T}"/>: written by the real
/// BinaryFormatter (the compatibility package, in this test project only), and kept as golden files under
/// Golden/nrbf so that the tests go on when BinaryFormatter is gone. PICKLE_WRITE_GOLDEN=1 writes the missing ones.
/// </summary>
public static class BinaryFormatterPayloads
{
    /// <summary>The golden file <paramref name="name"/>, written from <paramref name="value"/> first if it is missing and PICKLE_WRITE_GOLDEN=1.</summary>
    public static byte[] Golden(string name, Func<object> value)
    {
        var path = PathOf(name);
        if (!File.Exists(path) && Environment.GetEnvironmentVariable("PICKLE_WRITE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, NrbfBytes.Serialize(value()));
        }

        File.Exists(path).Should().BeTrue($"{path} must exist; write it once with PICKLE_WRITE_GOLDEN=1");
        return File.ReadAllBytes(path);
    }

    public static string PathOf(string name)
    {
        var projectDirectory = typeof(BinaryFormatterPayloads).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
        return Path.Combine(projectDirectory, "Golden", "nrbf", name + ".bin");
    }

    /// <summary>A <see cref="Ledger"/> with every member set, fixed so that its payload is the same on every run.</summary>
    public static Ledger NewLedger()
    {
        var ledger = new Ledger
        {
            Title = "books",
            Count = 7,
            Color = Color.Blue,
            Huge = Huge.Largest,
            Maybe = 42,
            Nothing = null,
            Utc = new DateTime(2024, 2, 29, 12, 30, 45, DateTimeKind.Utc).AddTicks(1234),
            Local = new DateTime(2023, 7, 1, 8, 0, 0, DateTimeKind.Local),
            Unspecified = new DateTime(2001, 1, 1, 0, 0, 1, DateTimeKind.Unspecified),
            Span = TimeSpan.FromTicks(-123_456_789),
            Price = 12.3400m,
            Id = new Guid("0f8fad5b-d9cb-469f-a165-70867728950e"),
            Offset = new DateTimeOffset(2020, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(-330)),
            Point = new LedgerPoint { X = -3, Y = 0.5 },
            Numbers = [1, 2, 3],
            Words = ["alpha", null, ""],
            Totals = new() { ["a"] = 1, ["b"] = 2 },
            Tags = [5, 8, 13],
            Sorted = new() { ["z"] = 26, ["a"] = 1 },
            Ranked = new() { [2] = "two", [1] = "one" },
            Names = ["pear", "apple"],
            Table = new() { ["key"] = 1.5, [3] = "three" },
            Mixed = [1, "two", 3.0, null],
            Grid = new[,] { { 1, 2, 3 }, { 4, 5, 6 } },
            Jagged = [[1], [], [2, 3]],
            Labels = ["x", "y"],
            Weights = [0.25, -1.5, double.NaN],
            Boxed = 2.5m,
        };
        ledger.SetBase("ada", -1);
        ledger.Waiting.Enqueue("first");
        ledger.Waiting.Enqueue("second");
        ledger.Undo.Push(1);
        ledger.Undo.Push(2);
        var main = new Entry { Name = "main", Amount = 1.10m, Ledger = ledger };
        var other = new Entry { Name = "other", Amount = -0.5m, Ledger = ledger };
        ledger.Main = main;
        ledger.Same = main;
        ledger.Entries = [main, other];
        ledger.ByName["Main"] = main;
        ledger.Slots = [null, other, main];
        return ledger;
    }
}
