using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

/// <summary><c>--max-allocation</c>, the library's MaxAllocation, on the commands that decompress and read payloads.</summary>
public sealed class AllocationOptionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("show")]
    [InlineData("convert")]
    public async Task Command_FrameThatExpandsBeyondTheDefaultLimit_FailsNamingTheOption(string command)
    {
        var path = WriteZeros("zeros.pickle", Serializer.MessagePack);

        var run = await CliRun.InvokeAsync(Arguments(command, path));

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0: Loading the pickle would allocate 20,000,0")
            .And.Contain("PickleOptions.MaxAllocation's default")
            .And.EndWith($"To show or convert it with pickle, pass --max-allocation with the bytes to allow, such as --max-allocation 8GiB.{Environment.NewLine}");
    }

    [Theory]
    [InlineData("show")]
    [InlineData("convert")]
    public async Task Command_JsonFrameThatExpandsBeyondTheDefaultLimit_FailsNamingTheOption(string command)
    {
        var path = WriteZeros("zeros.json.pickle", Serializer.Json);

        var run = await CliRun.InvokeAsync(Arguments(command, path));

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0: Loading the pickle would allocate")
            .And.Contain("--max-allocation 8GiB");
    }

    [Fact]
    public async Task Show_WithMaxAllocation_ShowsAFrameThatExpandsBeyondTheDefault()
    {
        var path = WriteZeros("zeros.pickle", Serializer.MessagePack);

        var run = await CliRun.InvokeAsync("show", "--max-items", "3", "--max-allocation", "64MiB", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("\"... 4,999,997 more items\"");
    }

    [Fact]
    public async Task Convert_WithMaxAllocationBelowThePayload_FailsNamingTheLimitGiven()
    {
        var path = PickleFiles.Write(_directory.File("list.pickle"), Enumerable.Range(0, 1000).ToList(), PickleOptions.Default with { Compression = PickleCompression.Lz4 });

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json", "--max-allocation", "100B");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("the 100 bytes that PickleOptions.MaxAllocation allows").And.Contain("--max-allocation");
    }

    [Fact]
    public async Task Verify_FrameThatExpandsBeyondTheDefaultLimit_Succeeds()
    {
        // verify checks stored bytes and never decompresses them, so it has no limit to raise.
        var path = WriteZeros("zeros.pickle", Serializer.MessagePack);

        var run = await CliRun.InvokeAsync("verify", path);

        run.ExitCode.Should().Be(0);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1.5GB")]
    public async Task Show_MaxAllocationNotASize_FailsAsAUsageError(string value)
    {
        var path = PickleFiles.Write(_directory.File("one.pickle"), 1);

        var run = await CliRun.InvokeAsync("show", "--max-allocation", value, path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith($"pickle: --max-allocation '{value}' is not a size: give a number of bytes such as 67108864, 64MiB or 4GB");
    }

    private enum Serializer
    {
        MessagePack,
        Json,
    }

    /// <summary>
    /// Zeros, 20 MB of them in either format (five million ints blitted, ten million as JSON), Zstandard-compressed to
    /// a few kilobytes: more decompressed than the default limit allows.
    /// </summary>
    private string WriteZeros(string name, Serializer serializer)
    {
        var options = PickleOptions.Default with { Compression = PickleCompression.Zstd };
        if (serializer == Serializer.Json)
        {
            options = options with { Serializer = new SystemTextJsonPickleSerializer() };
        }

        return PickleFiles.Write(_directory.File(name), new List<int>(new int[serializer == Serializer.Json ? 10_000_000 : 5_000_000]), options);
    }

    private static string[] Arguments(string command, string path) =>
        command == "show" ? ["show", "--max-items", "3", path] : ["convert", path, "--to", "json"];
}
