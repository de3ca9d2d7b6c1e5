using System.Text.Json;
using MessagePack;
using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

public sealed class ConvertCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Convert_ToJson_WritesTheContentToStandardOutput()
    {
        var path = PickleFiles.Write(_directory.File("reading.pickle"), new Reading("t1", 21.5, [1, 2, 3]));

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.StandardOutputText.Should().Be(
            "{\"$type\":\"Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests\",\"Sensor\":\"t1\",\"Value\":21.5,\"Samples\":[1,2,3]}\n");
    }

    [Fact]
    public async Task Convert_MultiFrameToJson_WritesOneLinePerFrame()
    {
        // Dumped as object: each frame's root type names its type, so the values need no "$type" of their own.
        var path = PickleFiles.WriteMany(_directory.File("many.pickle"), "a", 2, new[] { true, false });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(0);
        run.StandardOutputText.Should().Be(
            "\"a\"\n2\n[true,false]\n");
    }

    [Fact]
    public async Task Convert_ToMessagePack_WritesThePayloadsOneAfterAnother()
    {
        var path = _directory.File("many.pickle");
        using (var stream = Pickle.OpenWrite(path))
        {
            Pickle.Dump(new List<int> { 1, 2, 3 }, stream);
            Pickle.Dump("x", stream);
        }

        var run = await CliRun.InvokeAsync("convert", path, "--to", "msgpack");

        // The list is blitted in the pickle (ext 90); the output is a plain MessagePack array of ints.
        run.ExitCode.Should().Be(0);
        run.StandardOutputBytes.Should().Equal(MessagePackSerializer.Serialize(new[] { 1, 2, 3 }).Concat(MessagePackSerializer.Serialize("x")));
    }

    [Fact]
    public async Task Convert_ListOfRecordsToMessagePack_WritesEachRecordAsAMapOfItsFields()
    {
        var path = PickleFiles.Write(_directory.File("parts.pickle"), new List<Part> { new() { Id = 1, Name = "bolt" }, new() { Id = 2, Name = "nut" } });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "msgpack");

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        MessagePackSerializer.ConvertToJson(run.StandardOutputBytes).Should().Be("[{\"Id\":1,\"Name\":\"bolt\"},{\"Id\":2,\"Name\":\"nut\"}]");
    }

    [Fact]
    public async Task Convert_JsonFrameToMessagePack_ConvertsTheJson()
    {
        var options = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        var path = PickleFiles.Write(_directory.File("json.pickle"), new Reading("j", 0.5, [4, 5]), options);

        var run = await CliRun.InvokeAsync("convert", path, "--to", "msgpack");

        run.ExitCode.Should().Be(0);
        var json = MessagePackSerializer.ConvertToJson(run.StandardOutputBytes);
        using var document = JsonDocument.Parse(json);
        document.RootElement.GetProperty("Sensor").GetString().Should().Be("j");
        document.RootElement.GetProperty("Value").GetDouble().Should().Be(0.5);
        document.RootElement.GetProperty("Samples").EnumerateArray().Select(e => e.GetInt32()).Should().Equal(4, 5);
    }

    [Fact]
    public async Task Convert_WithOutputFile_WritesTheFile()
    {
        var path = PickleFiles.Write(_directory.File("list.pickle"), new[] { 1.5, -2.0 });
        var output = _directory.File("list.json");

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json", "-o", output);

        run.ExitCode.Should().Be(0);
        run.StandardOutputBytes.Should().BeEmpty();
        (await File.ReadAllTextAsync(output)).Should().Be("[1.5,-2]\n", "the double[] is blitted in the pickle and written as an array of numbers");
    }

    [Fact]
    public async Task Convert_DamagedFileWithOutputFile_FailsAndLeavesTheOldFileAlone()
    {
        var good = PickleFiles.WriteMany(_directory.File("good.pickle"), "first", "second");
        var path = PickleFiles.FlipBit(good, _directory.File("flipped.pickle"), -3);
        var output = _directory.File("out.json");
        await File.WriteAllTextAsync(output, "previous");

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json", "--output", output);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("frame 2 at byte offset");
        (await File.ReadAllTextAsync(output)).Should().Be("previous");
        Directory.EnumerateFiles(_directory.Path, "*.tmp").Should().BeEmpty();
    }

    [Fact]
    public async Task Convert_CustomFormat_FailsNamingTheFormat()
    {
        var path = PickleFiles.Write(_directory.File("text.pickle"), "plain words", PickleOptions.Default with { Serializer = new TextSerializer() });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0 holds format 'text'");
        run.StandardOutputBytes.Should().BeEmpty();
    }

    [Fact]
    public async Task Convert_UnknownTarget_FailsAsAUsageError()
    {
        var path = PickleFiles.Write(_directory.File("one.pickle"), 1);

        var run = await CliRun.InvokeAsync("convert", path, "--to", "xml");

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("pickle: Argument 'xml' not recognized. Must be one of: 'json' 'msgpack'");
        run.StandardOutputBytes.Should().BeEmpty();
    }
}
