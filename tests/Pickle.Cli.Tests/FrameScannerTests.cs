using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

/// <summary>How frames are found and described, through <c>pickle show --headers</c>, which prints what the scanner found.</summary>
public sealed class FrameScannerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(PickleCompression.Lz4)]
    [InlineData(PickleCompression.Zstd)]
    public async Task PeekRootType_CompressedFrame_ReadsItFromThePayloadsStart(PickleCompression codec)
    {
        // Over 4 MiB uncompressed, more than one LZ4 block: only the payload's start is decompressed for the root type.
        var value = new Reading("big", 1, Enumerable.Range(0, 1_200_000).Select(i => i % 7).ToArray());
        var path = PickleFiles.Write(_directory.File($"big.{codec}.pickle"), value, PickleOptions.Default with { Compression = codec });

        var run = await CliRun.InvokeAsync("show", "--headers", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Contain("root type:      Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests")
            .And.Contain(codec == PickleCompression.Lz4 ? "LZ4-compressed" : "Zstandard-compressed");
    }

    [Fact]
    public async Task PeekRootType_CompressedPayloadThatDoesNotDecompress_LeavesTheRootTypeOut()
    {
        // The frame's checksums are made to match a payload whose LZ4 block is not valid: a writer's bug, not damage in the file.
        var path = PickleFiles.WriteCompressedPayload(_directory.File("bad-lz4.pickle"), PickleCompression.Lz4, [100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        var run = await CliRun.InvokeAsync("show", "--headers", path);

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("checksum:       ok").And.NotContain("root type:");
    }
}
