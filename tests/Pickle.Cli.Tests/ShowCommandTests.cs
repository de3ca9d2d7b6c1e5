using System.Text.Json;
using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

public sealed class ShowCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Show_DatesTimesDecimalsAndGuidsBelowTheRoot_PrintsThemReadably()
    {
        var ledger = new Ledger(
            new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Unspecified),
            new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(-5)),
            TimeSpan.FromMinutes(-90),
            new DateOnly(2026, 11, 25),
            new TimeOnly(23, 59, 59, 999),
            10.500m,
            Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
            [1.00m, -0.0001m]);
        var path = PickleFiles.Write(_directory.File("ledger.pickle"), ledger);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("""
              "Utc": "2026-11-25T08:00:00.0000000Z",
              "Unspecified": "2026-11-25T08:00:00.0000000",
              "Offset": "2026-11-25T08:00:00.0000000-05:00",
              "Took": "-01:30:00",
              "Day": "2026-11-25",
              "At": "23:59:59.9990000",
              "Amount": 10.500,
              "Id": "00112233-4455-6677-8899-aabbccddeeff",
              "Prices": [
                1.00,
                -0.0001
              ]
            """.ReplaceLineEndings());
    }

    [Fact]
    public async Task Show_GoodFile_PrintsHeaderAndContentAsIndentedJson()
    {
        var path = PickleFiles.Write(_directory.File("reading.pickle"), new Reading("t1", 21.5, [1, 2, 3]));

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("frame 1 at byte offset 0")
            .And.Contain("format:         msgpack")
            .And.Contain("version:        5")
            .And.Contain("flags:          0x00 (none)")
            .And.Contain("root type:      Pickling.Cli.Tests.Models.Reading")
            .And.Contain("checksum:       ok")
            .And.Contain($"{path}: 1 frame, {new FileInfo(path).Length:N0} bytes, every checksum matches");
        run.Out.Should().Contain("""
            {
              "$type": "Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests",
              "Sensor": "t1",
              "Value": 21.5,
              "Samples": [
                1,
                2,
                3
              ]
            }
            """.ReplaceLineEndings());
    }

    [Fact]
    public async Task Show_GoodFile_PrintsTheSizesTheFileHas()
    {
        var path = PickleFiles.Write(_directory.File("list.pickle"), new List<int> { 1, 2, 3 });

        var run = await CliRun.InvokeAsync("show", path);

        // The root type List<Int32> (3 bytes), then the three ints as a plain array (4 bytes); the frame is the whole file.
        run.Out.Should().Contain("payload size:   7 bytes")
            .And.Contain($"frame size:     {new FileInfo(path).Length} bytes");
    }

    [Fact]
    public async Task Show_BlittedFloatArray_PrintsNumbers()
    {
        var path = PickleFiles.Write(_directory.File("floats.pickle"), new[] { 1.5f, -0.25f, float.NaN });

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("""
            [
              1.5,
              -0.25,
              "NaN"
            ]
            """.ReplaceLineEndings());
    }

    [Fact]
    public async Task Show_BlittedTwoDimensionalArray_PrintsNestedArrays()
    {
        var path = PickleFiles.Write(_directory.File("grid.pickle"), new[,] { { 1, 2, 3 }, { 4, 5, 6 } });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.StandardOutputText.Should().Be("[[1,2,3],[4,5,6]]\n");
    }

    [Fact]
    public async Task Show_RecordAtTheRoot_PrintsItsTypeAndProperties()
    {
        var path = PickleFiles.Write(_directory.File("reading.pickle"), new Reading("t9", -3, []));

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("""
            {
              "$type": "Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests",
              "Sensor": "t9",
              "Value": -3,
              "Samples": []
            }
            """.ReplaceLineEndings());
    }

    [Fact]
    public async Task Show_SharedObject_PrintsAReferenceByTheObjectsNumber()
    {
        var box = new Box { Label = "tea" };
        var path = PickleFiles.Write(_directory.File("shelf.pickle"), new Shelf { Left = box, Right = box });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        using var document = JsonDocument.Parse(run.StandardOutputText);
        var root = document.RootElement;
        root.GetProperty("$type").GetString().Should().StartWith("Pickling.Cli.Tests.Models.Shelf");
        var left = root.GetProperty("Left");
        left.GetProperty("Label").GetString().Should().Be("tea");
        left.TryGetProperty("$id", out _).Should().BeFalse("objects are numbered in order, not by an id in the file");
        root.GetProperty("Right").GetProperty("$ref").GetInt32().Should().Be(1, "the shelf is object #0 and the box #1");
    }

    [Fact]
    public async Task Show_SignedFrame_PrintsTheFlagAndTheContent()
    {
        var options = PickleOptions.Default with { SigningKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() };
        var path = PickleFiles.Write(_directory.File("signed.pickle"), new List<int> { 7, 8 }, options);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("flags:          0x01 (signed)")
            .And.Contain("checksum:       ok")
            .And.Contain("""
                [
                  7,
                  8
                ]
                """.ReplaceLineEndings());
    }

    [Fact]
    public async Task Show_Lz4CompressedFrame_PrintsTheDecompressedContent()
    {
        var options = PickleOptions.Default with { Compression = PickleCompression.Lz4 };
        var samples = Enumerable.Repeat(42, 1000).ToArray();
        var path = PickleFiles.Write(_directory.File("packed.pickle"), new Reading("z", 1, samples), options);

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");
        var shown = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        using var document = JsonDocument.Parse(run.StandardOutputText);
        document.RootElement.GetProperty("Samples").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(samples);
        shown.ExitCode.Should().Be(0);
        shown.Out.Should().Contain("flags:          0x02 (LZ4-compressed)")
            .And.Contain("checksum:       ok")
            .And.Contain("\"Sensor\": \"z\"");
    }

    [Fact]
    public async Task Show_JsonFrame_PrintsItsJsonIndented()
    {
        var options = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        var path = PickleFiles.Write(_directory.File("reading.pickle"), new Reading("t2", 1.25, [7]), options);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("format:         json")
            .And.Contain("  \"Sensor\": \"t2\",")
            .And.Contain("  \"Value\": 1.25,");
    }

    [Fact]
    public async Task Show_MultiFrameFile_PrintsEveryFrameWithItsOffset()
    {
        var first = PickleFiles.Write(_directory.File("first.pickle"), "hello");
        var path = PickleFiles.WriteMany(_directory.File("many.pickle"), "hello", 42, new[] { 1.5, 2.5 });

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("frame 1 at byte offset 0")
            .And.Contain($"frame 2 at byte offset {new FileInfo(first).Length}")
            .And.Contain("frame 3 at byte offset")
            .And.Contain("\"hello\"")
            .And.Contain("42")
            .And.Contain("3 frames");
    }

    [Fact]
    public async Task Show_TruncatedFile_PrintsTheHeaderAndFailsNamingTheFrame()
    {
        var good = PickleFiles.WriteMany(_directory.File("good.pickle"), "first", "second");
        var path = PickleFiles.Truncate(good, _directory.File("cut.pickle"), 3);
        var secondOffset = new FileInfo(PickleFiles.Write(_directory.File("one.pickle"), "first")).Length;

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("\"first\"")
            .And.Contain($"frame 2 at byte offset {secondOffset}")
            .And.Contain("root type:      System.String")
            .And.Contain("checksum:       DAMAGED");
        run.Error.Should().StartWith($"pickle: {path}: frame 2 at byte offset {secondOffset} is damaged:")
            .And.Contain("cut short");
        run.Error.TrimEnd().Should().NotContain("\n", "the error is one line");
    }

    [Fact]
    public async Task Show_CustomFormat_ShowsTheHeaderAndSaysTheContentIsNotShown()
    {
        var path = PickleFiles.Write(_directory.File("text.pickle"), "plain words", PickleOptions.Default with { Serializer = new TextSerializer() });

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("format:         text")
            .And.Contain("checksum:       ok")
            .And.Contain("content:        not shown: pickle reads 'msgpack' and 'json' content only");
    }

    [Fact]
    public async Task Show_UnknownFlag_ReportsTheFlagsWithoutCrashing()
    {
        var good = PickleFiles.Write(_directory.File("good.pickle"), 7);
        var path = PickleFiles.SetFlags(good, _directory.File("flagged.pickle"), 0x80);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("flags:          0x80 (unknown bits 0x80)");
        run.Error.Should().Contain("frame 1 at byte offset 0 is damaged").And.Contain("flags 0x80");
    }

    [Fact]
    public async Task Show_NotAPickle_FailsWithOneLine()
    {
        var path = _directory.File("data.json");
        await File.WriteAllTextAsync(path, "{\"a\": 1}");

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("frame 1 at byte offset 0: The data is not a pickle").And.Contain("It looks like JSON text");
        run.Out.Should().Be($"frame 1 at byte offset 0{Environment.NewLine}  not a pickle:   its bytes do not start with the magic bytes 89504B4C{Environment.NewLine}{Environment.NewLine}");
    }

    [Fact]
    public async Task Show_EmptyFile_FailsSayingItHoldsNoPickle()
    {
        var path = _directory.File("empty.pickle");
        await File.WriteAllBytesAsync(path, []);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Be($"pickle: {path}: the file is empty, so it holds no pickle. Check the path, or write the file again with Pickle.Dump.{Environment.NewLine}");
    }

    [Fact]
    public async Task Show_MissingFile_FailsWithExitCode2()
    {
        var path = _directory.File("missing.pickle");

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(2);
        run.Out.Should().BeEmpty();
        run.Error.Should().StartWith($"pickle: cannot open '{path}':");
    }

    [Fact]
    public async Task Show_DictionaryWithIntegerKeys_WritesKeysAsText()
    {
        var path = PickleFiles.Write(_directory.File("map.pickle"), new Dictionary<int, string> { [1] = "one", [-2] = "minus two" });

        var run = await CliRun.InvokeAsync("show", path);

        var json = run.Out[run.Out.IndexOf('{', StringComparison.Ordinal)..(run.Out.LastIndexOf('}') + 1)];
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("1").GetString().Should().Be("one");
        document.RootElement.GetProperty("-2").GetString().Should().Be("minus two");
    }

    [Fact]
    public async Task Show_JunkBytes_AreNotDecodedAsFlags()
    {
        var path = _directory.File("junk.bin");
        await File.WriteAllTextAsync(path, "gibberish that is not a pickle");

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("not a pickle:").And.NotContain("flags:").And.NotContain("checksum:");
        run.Error.Should().Contain("The data is not a pickle: it starts with 67696262");
    }

    [Fact]
    public async Task Show_DamagedMagicBytes_IsDamageAndShowsTheFlags()
    {
        var good = PickleFiles.Write(_directory.File("good.pickle"), 7);
        var path = PickleFiles.FlipBit(good, _directory.File("flipped.pickle"), 1);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("flags:          0x00 (none)").And.NotContain("not a pickle");
        run.Error.Should().Contain("frame 1 at byte offset 0 is damaged: The pickle is damaged: its magic bytes read");
    }

    [Fact]
    public async Task Show_Directory_SaysItIsADirectory()
    {
        var run = await CliRun.InvokeAsync("show", _directory.Path);

        run.ExitCode.Should().Be(2);
        run.Out.Should().BeEmpty();
        run.Error.Should().Be($"pickle: '{_directory.Path}' is a directory, not a file: name a pickle file, such as '{Path.Combine(_directory.Path, "data.pickle")}'{Environment.NewLine}");
    }

    [Fact]
    public async Task Show_Headers_PrintsEachHeaderAndChecksumWithoutContent()
    {
        var path = PickleFiles.WriteMany(_directory.File("two.pickle"), new[] { 1, 2, 3 }, "second");

        var run = await CliRun.InvokeAsync("show", "--headers", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("frame 1 at byte offset 0").And.Contain("frame 2 at byte offset")
            .And.Contain("root type:      System.String").And.Contain("checksum:       ok")
            .And.NotContain("content:").And.NotContain("second");
        run.Out.Should().EndWith($"{path}: 2 frames, {new FileInfo(path).Length:N0} bytes, every checksum matches{Environment.NewLine}");
    }

    [Fact]
    public async Task Show_HeadersOfADamagedFrame_StillChecksTheChecksum()
    {
        var good = PickleFiles.WriteMany(_directory.File("two.pickle"), 1, 2);
        var path = PickleFiles.FlipBit(good, _directory.File("flipped.pickle"), -2);

        var run = await CliRun.InvokeAsync("show", "--headers", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("checksum:       DAMAGED");
        run.Error.Should().Contain("frame 2 at byte offset").And.Contain("checksum does not match");
    }

    [Fact]
    public async Task Show_MaxItems_CutsArraysMapsAndStringsSayingWhatWasLeftOut()
    {
        var value = new Dictionary<string, object>
        {
            ["numbers"] = Enumerable.Range(1, 10).ToArray(),
            ["text"] = "abcdefghij",
            ["list"] = new List<string> { "a", "b", "c", "d" },
            ["fourth"] = 4,
        };
        var path = PickleFiles.Write(_directory.File("cut.pickle"), value);

        var run = await CliRun.InvokeAsync("show", "--max-items", "3", path);

        run.ExitCode.Should().Be(0);
        var content = Content(run.Out);
        content.Should().Contain("\"... 7 more items\"")
            .And.Contain("\"abc... (7 more characters)\"")
            .And.Contain("\"... 1 more item\"")
            .And.Contain("\"...\": \"1 more entry\"")
            .And.NotContain("fourth");
    }

    [Fact]
    public async Task Show_MaxItemsZero_LeavesEveryElementOut()
    {
        var path = PickleFiles.Write(_directory.File("list.pickle"), new List<int> { 1, 2 });

        var run = await CliRun.InvokeAsync("show", "--max-items", "0", path);

        run.ExitCode.Should().Be(0);
        Content(run.Out).Should().Be($"[{Environment.NewLine}  \"... 2 more items\"{Environment.NewLine}]");
    }

    [Fact]
    public async Task Show_MaxItemsNestedArrays_CountsOnlyTheOuterElementsLeftOut()
    {
        var path = PickleFiles.Write(_directory.File("jagged.pickle"), new[] { new[] { 1, 2, 3 }, new[] { 4 }, new[] { 5, 6 } });

        var run = await CliRun.InvokeAsync("show", "--max-items", "1", path);

        var content = Content(run.Out).Replace(" ", string.Empty).Replace(Environment.NewLine, string.Empty);
        content.Should().Be("[[1,\"...2moreitems\"],\"...2moreitems\"]");
    }

    [Fact]
    public async Task Show_MaxItemsJsonFormat_CutsItToo()
    {
        var options = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        var path = PickleFiles.Write(_directory.File("json.pickle"), new Dictionary<string, int[]> { ["a"] = [1, 2, 3, 4], ["b"] = [5], ["c"] = [] }, options);

        var run = await CliRun.InvokeAsync("show", "--max-items", "2", path);

        run.ExitCode.Should().Be(0);
        var content = Content(run.Out).Replace(" ", string.Empty).Replace(Environment.NewLine, string.Empty);
        content.Should().Be("{\"a\":[1,2,\"...2moreitems\"],\"b\":[5],\"...\":\"1moreentry\"}");
    }

    [Fact]
    public async Task Show_NegativeMaxItems_FailsAsAUsageError()
    {
        var path = PickleFiles.Write(_directory.File("one.pickle"), 1);

        var run = await CliRun.InvokeAsync("show", "--max-items", "-1", path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--max-items must be 0 or more.");
    }

    [Fact]
    public async Task Show_LargeArrayWithMaxItems_PrintsOnlyWhatItShows()
    {
        var path = PickleFiles.Write(_directory.File("large.pickle"), new double[2_000_000]);

        var run = await CliRun.InvokeAsync("show", "--max-items", "5", path);

        run.ExitCode.Should().Be(0);
        Content(run.Out).Should().Contain("\"... 1,999,995 more items\"");
        run.Out.Length.Should().BeLessThan(1000);
    }

    [Fact]
    public async Task Show_LongTextOfManyByteCharacters_ComesOutWhole()
    {
        var text = string.Concat(Enumerable.Repeat("Grüße, 世界! ", 5000));
        var path = PickleFiles.Write(_directory.File("text.pickle"), text);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        Content(run.Out).Should().Be($"\"{text}\"");
    }

    [Fact]
    public async Task Show_ListOfRecords_PrintsEveryRecordWithItsFieldNames()
    {
        var parts = new List<Part?> { new() { Id = 1, Name = "bolt" }, new() { Id = 2, Name = "nut" }, null, new() { Id = 3, Name = "gear" } };
        var path = PickleFiles.Write(_directory.File("parts.pickle"), parts);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("version:        5");
        Content(run.Out).Should().Be("""
            [
              {
                "Id": 1,
                "Name": "bolt"
              },
              {
                "Id": 2,
                "Name": "nut"
              },
              null,
              {
                "Id": 3,
                "Name": "gear"
              }
            ]
            """.ReplaceLineEndings());
    }

    [Fact]
    public async Task Show_ListOfRecordsHoldingListsOfRecords_PrintsEachListWithItsOwnFieldNames()
    {
        var orders = new List<Order>
        {
            new() { Customer = "ann", Parts = [new() { Id = 1, Name = "bolt" }, new() { Id = 2, Name = "nut" }] },
            new() { Customer = "bob", Parts = [new() { Id = 3, Name = "gear" }, new() { Id = 4, Name = "cog" }] },
            new() { Customer = "cy", Parts = [] },
        };
        var path = PickleFiles.Write(_directory.File("orders.pickle"), orders);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        var content = Content(run.Out).Replace(" ", string.Empty).Replace(Environment.NewLine, string.Empty);
        content.Should().Be(
            "[{\"Customer\":\"ann\",\"Parts\":[{\"Id\":1,\"Name\":\"bolt\"},{\"Id\":2,\"Name\":\"nut\"}]}," +
            "{\"Customer\":\"bob\",\"Parts\":[{\"Id\":3,\"Name\":\"gear\"},{\"Id\":4,\"Name\":\"cog\"}]}," +
            "{\"Customer\":\"cy\",\"Parts\":[]}]");
    }

    [Fact]
    public async Task Show_ListOfRecordsWithOneTwice_PrintsAReferenceAmongTheNamedRecords()
    {
        var bolt = new Part { Id = 1, Name = "bolt" };
        var path = PickleFiles.Write(_directory.File("shared.pickle"), new List<Part> { bolt, new() { Id = 2, Name = "nut" }, bolt });

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(0);
        var content = Content(run.Out).Replace(" ", string.Empty).Replace(Environment.NewLine, string.Empty);
        content.Should().Be("[{\"Id\":1,\"Name\":\"bolt\"},{\"Id\":2,\"Name\":\"nut\"},{\"$ref\":1}]", "the list is object #0 and the bolt #1");
    }

    [Fact]
    public async Task Show_ListOfRecordsWithTooFewValues_FailsSayingTheContentIsNotValid()
    {
        // The root type of a List<Part>, then its elements: the mark, one record's map, and an array of one value where it named two.
        var root = FrameBuilder.Payload(Pickle.DumpToBytes(new List<Part>()))[..^1];
        var path = _directory.File("few.pickle");
        File.WriteAllBytes(path, FrameBuilder.CompactFrame([.. root, .. FrameBuilder.Hex("93 D4 56 C0 82 A2 49 64 01 A4 4E 61 6D 65 A1 61 91 02")], version: 5));

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("checksum:       ok");
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0 passed its checksum, but its 'msgpack' content is not valid: ")
            .And.Contain("the payload holds a malformed list whose keys are written once: its element 1")
            .And.Contain("holds 1 value(s), where the list's first record named 2 field(s)");
    }

    /// <summary>The content shown for the first frame: the lines between "  content:" and the blank line after it.</summary>
    private static string Content(string output)
    {
        var start = output.IndexOf("  content:" + Environment.NewLine, StringComparison.Ordinal) + "  content:".Length + Environment.NewLine.Length;
        var end = output.IndexOf(Environment.NewLine + Environment.NewLine, start, StringComparison.Ordinal);
        return output[start..end];
    }
}
