using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

public sealed class RepairCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Repair_IntactFile_CopiesItByteForByteAndSucceeds()
    {
        var path = PickleFiles.WriteMany(_directory.File("good.pickle"), 1, "two", new Reading("r", 3, [3]));
        var output = _directory.File("copy.pickle");

        var run = await CliRun.InvokeAsync("repair", path, "-o", output);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        File.ReadAllBytes(output).Should().Equal(File.ReadAllBytes(path));
        var lines = run.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(4);
        lines[0].Should().StartWith("kept     bytes 0 to ").And.EndWith(": frame 1, System.Int32");
        lines[2].Should().EndWith(": frame 3, Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests");
        lines[3].Should().Be($"{output}: 3 intact frames ({new FileInfo(path).Length:N0} bytes) copied from {path}; nothing dropped");
    }

    [Fact]
    public async Task Repair_CompressedFrames_ListsTheirRootTypes()
    {
        var path = _directory.File("compressed.pickle");
        using (var stream = Pickle.OpenWrite(path))
        {
            Pickle.Dump(new Reading("lz4", 1, new int[1_200_000]), stream, PickleOptions.Default with { Compression = PickleCompression.Lz4 });
            Pickle.Dump("zstd", stream, PickleOptions.Default with { Compression = PickleCompression.Zstd });
        }

        var output = _directory.File("copy.pickle");

        var run = await CliRun.InvokeAsync("repair", path, "-o", output);

        run.ExitCode.Should().Be(0);
        var lines = run.Out.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        lines[0].Should().EndWith(": frame 1, Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests");
        lines[1].Should().EndWith(": frame 2, System.String");
    }

    [Fact]
    public async Task Repair_DamagedFrameBetweenGoodOnes_KeepsTheOthersAndExitsWithOne()
    {
        var (path, offsets) = WriteFrames("log.pickle", 1, 2, 3);
        var damaged = PickleFiles.FlipBit(path, _directory.File("damaged.pickle"), (int)offsets[2] - 1);
        var output = _directory.File("repaired.pickle");
        var before = File.ReadAllBytes(damaged);

        var run = await CliRun.InvokeAsync("repair", damaged, "-o", output);

        run.ExitCode.Should().Be(1);
        Pickle.LoadAllFromFile<int>(output).Should().Equal(1, 3);
        File.ReadAllBytes(damaged).Should().Equal(before, "repair never changes the file it repairs");
        run.Out.Should().Contain(
            $"dropped  bytes {offsets[1]} to {offsets[2] - 1} ({offsets[2] - offsets[1]} bytes): its checksum does not match its contents{Environment.NewLine}");
        run.Error.Should().Be(
            $"pickle: {damaged}: {offsets[2] - offsets[1]} damaged bytes in 1 range were left out of {output}{Environment.NewLine}");
    }

    [Fact]
    public async Task Repair_DamagedHeaderThenJunkThenFrames_FindsTheNextFrameByItsHeader()
    {
        var first = Pickle.DumpToBytes("first");
        var lost = Pickle.DumpToBytes("lost");
        lost[10] ^= 0x01;
        var junk = Enumerable.Range(0, 5000).Select(i => (byte)(i * 13)).ToArray();
        var path = _directory.File("mixed.pickle");
        File.WriteAllBytes(path, [.. first, .. lost, .. junk, .. Pickle.DumpToBytes("found"), .. Pickle.DumpToBytes("again")]);
        var output = _directory.File("repaired.pickle");

        var run = await CliRun.InvokeAsync("repair", path, "-o", output);

        run.ExitCode.Should().Be(1);
        Pickle.LoadAllFromFile<string>(output).Should().Equal("first", "found", "again");
        run.Out.Should().Contain($"dropped  bytes {first.Length:N0} to {first.Length + lost.Length + junk.Length - 1:N0} ({lost.Length + junk.Length:N0} bytes): its header checksum does not match");
    }

    [Fact]
    public async Task Repair_TornLastFrame_DropsItToTheEnd()
    {
        var (path, offsets) = WriteFrames("torn.pickle", 1, 2);
        var torn = PickleFiles.Truncate(path, _directory.File("cut.pickle"), 3);
        var output = _directory.File("repaired.pickle");

        var run = await CliRun.InvokeAsync("repair", torn, "-o", output);

        run.ExitCode.Should().Be(1);
        Pickle.LoadAllFromFile<int>(output).Should().Equal(1);
        run.Out.Should().Contain($"dropped  bytes {offsets[1]} to {offsets[2] - 4}").And.Contain("the stream ends in the middle of the frame");
    }

    [Fact]
    public async Task Repair_NothingIntact_WritesAnEmptyFileAndExitsWithOne()
    {
        var path = _directory.File("junk.pickle");
        File.WriteAllText(path, "not a pickle at all");
        var output = _directory.File("repaired.pickle");

        var run = await CliRun.InvokeAsync("repair", path, "-o", output);

        run.ExitCode.Should().Be(1);
        new FileInfo(output).Length.Should().Be(0);
        run.Out.Should().Contain("dropped  bytes 0 to 18 (19 bytes): The data is not a pickle");
    }

    [Fact]
    public async Task Repair_OutputIsTheInput_RefusesAndChangesNothing()
    {
        var path = PickleFiles.WriteMany(_directory.File("good.pickle"), 1);
        var before = File.ReadAllBytes(path);

        var run = await CliRun.InvokeAsync("repair", path, "-o", path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("is the file to repair");
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Fact]
    public async Task Repair_MissingOutputOption_FailsWithExitCodeTwo()
    {
        var path = PickleFiles.WriteMany(_directory.File("good.pickle"), 1);

        var run = await CliRun.InvokeAsync("repair", path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("--output");
    }

    [Fact]
    public async Task Repair_MissingFile_FailsWithExitCodeTwoAndWritesNothing()
    {
        var output = _directory.File("repaired.pickle");

        var run = await CliRun.InvokeAsync("repair", _directory.File("missing.pickle"), "-o", output);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("pickle: cannot open");
        File.Exists(output).Should().BeFalse();
        Directory.GetFiles(_directory.Path).Should().BeEmpty("no temporary file is left behind");
    }

    [Fact]
    public async Task Repair_RepairedLog_CanBeAppendedTo()
    {
        var (path, offsets) = WriteFrames("log.pickle", 1, 2);
        var damaged = PickleFiles.FlipBit(path, _directory.File("damaged.pickle"), (int)offsets[2] - 2);
        var output = _directory.File("repaired.pickle");
        FluentActions.Invoking(() => Pickle.OpenAppend(damaged)).Should().Throw<PickleDamagedException>().WithMessage("*pickle repair*");

        await CliRun.InvokeAsync("repair", damaged, "-o", output);
        using (var log = Pickle.OpenAppend(output))
        {
            Pickle.Dump(3, log);
        }

        Pickle.LoadAllFromFile<int>(output).Should().Equal(1, 3);
    }

    private (string Path, long[] Offsets) WriteFrames(string name, params int[] values)
    {
        var path = _directory.File(name);
        var offsets = new List<long> { 0 };
        using (var file = Pickle.OpenWrite(path))
        {
            foreach (var value in values)
            {
                Pickle.Dump(value, file);
                file.Flush();
                offsets.Add(file.Position);
            }
        }

        return (path, offsets.ToArray());
    }
}
