using System.Text.Json;
using MessagePack;
using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

/// <summary>A MessagePack frame's content read again from the file, decompressed as it is read, by show and convert.</summary>
public sealed class FrameContentTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(PickleCompression.None)]
    [InlineData(PickleCompression.Lz4)]
    [InlineData(PickleCompression.Zstd)]
    public async Task Show_MaxItemsOnALargeFrame_ShowsTheFirstItemsAndCountsTheRest(PickleCompression codec)
    {
        // Over one LZ4 block and many windows: a list of records, each with its own array.
        var readings = Enumerable.Range(0, 100_000).Select(i => new Reading($"s{i}", i, [i, i + 1])).ToList();
        var path = PickleFiles.Write(_directory.File("readings.pickle"), readings, PickleOptions.Default with { Compression = codec });

        var run = await CliRun.InvokeAsync("show", "--max-items", "2", path);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        var content = run.Out.Replace(" ", string.Empty).Replace(Environment.NewLine, string.Empty);
        content.Should().Contain("\"Sensor\":\"s1\"").And.Contain("\"...99,998moreitems\"").And.NotContain("\"s2\"");
    }

    [Theory]
    [InlineData(PickleCompression.Lz4)]
    [InlineData(PickleCompression.Zstd)]
    public async Task Convert_CompressedFrames_WritesEveryValueWhole(PickleCompression codec)
    {
        var options = PickleOptions.Default with { Compression = codec };
        var path = _directory.File("log.pickle");
        var first = Enumerable.Range(0, 2_000_000).ToList();
        using (var stream = Pickle.OpenWrite(path))
        {
            Pickle.Dump(first, stream, options);
            Pickle.Dump("second", stream, options);
        }

        var run = await CliRun.InvokeAsync("convert", path, "--to", "msgpack");

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        var reader = new MessagePackReader(run.StandardOutputBytes);
        MessagePackSerializer.Deserialize<List<int>>(ref reader).Should().Equal(first);
        reader.ReadString().Should().Be("second");
        reader.End.Should().BeTrue();
    }

    [Fact]
    public async Task Show_CompressedPayloadThatDoesNotDecompress_FailsSayingTheContentIsNotValid()
    {
        // Checksums that match a payload whose only LZ4 block is not a valid one.
        var path = PickleFiles.WriteCompressedPayload(_directory.File("bad-lz4.pickle"), PickleCompression.Lz4, [100, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);

        var run = await CliRun.InvokeAsync("show", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().Contain("checksum:       ok");
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0 passed its checksum, but its 'msgpack' content is not valid: ")
            .And.Contain("LZ4 block of 0 bytes stored in 0 is not a valid block");
    }

    [Fact]
    public async Task Convert_PayloadWithBytesAfterItsValue_FailsSayingHowMany()
    {
        // A version-3 payload: the root type System.Int32 (its code), the value 1, then two bytes too many.
        var frame = Pickle.DumpToBytes(1);
        var payload = FrameBuilder.Payload(frame);
        var path = _directory.File("extra.pickle");
        File.WriteAllBytes(path, FrameBuilder.CompactFrame([.. payload, 0x02, 0x03]));

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().Be($"pickle: {path}: frame 1 at byte offset 0 passed its checksum, but its 'msgpack' content is not valid: 2 bytes follow the payload's value{Environment.NewLine}");
    }

    [Fact]
    public async Task Convert_EmptyPayload_FailsSayingItIsEmpty()
    {
        var path = _directory.File("empty.pickle");
        File.WriteAllBytes(path, FrameBuilder.CompactFrame([]));

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().EndWith($"content is not valid: the payload is empty{Environment.NewLine}");
    }

    [Fact]
    public async Task Convert_PayloadOfOnlyARootType_FailsSayingItIsEmpty()
    {
        var payload = FrameBuilder.Payload(Pickle.DumpToBytes(1));
        var path = _directory.File("root-only.pickle");
        File.WriteAllBytes(path, FrameBuilder.CompactFrame(payload.AsSpan(0, payload.Length - 1)));

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().EndWith($"content is not valid: the payload is empty{Environment.NewLine}");
    }

    [Fact]
    public async Task Convert_PayloadWithoutARootType_FailsSayingSo()
    {
        var path = _directory.File("no-root.pickle");
        File.WriteAllBytes(path, FrameBuilder.CompactFrame([0xC3]));

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        run.ExitCode.Should().Be(1);
        run.Error.Should().EndWith($"content is not valid: the payload does not start with a valid root type{Environment.NewLine}");
    }

    [Fact]
    public async Task Show_NamedRootTypeOfAStreamedFrame_IsAddedAsType()
    {
        var path = PickleFiles.Write(_directory.File("box.pickle"), new Reading("r", 2, [1]));

        var run = await CliRun.InvokeAsync("convert", path, "--to", "json");

        using var document = JsonDocument.Parse(run.StandardOutputText);
        document.RootElement.GetProperty("$type").GetString().Should().Be("Pickling.Cli.Tests.Models.Reading, Pickle.Cli.Tests");
    }
}
