using Pickling.Cli.Tests.Models;
using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests;

public sealed class VerifyCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Verify_GoodFiles_PrintsOneOkLinePerFileAndSucceeds()
    {
        var one = PickleFiles.Write(_directory.File("one.pickle"), new Reading("a", 1, [1]));
        var many = PickleFiles.WriteMany(_directory.File("many.pickle"), 1, "two", 3.0);

        var run = await CliRun.InvokeAsync("verify", one, many);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Be(
            $"{one}: ok, 1 frame, {new FileInfo(one).Length:N0} bytes{Environment.NewLine}" +
            $"{many}: ok, 3 frames, {new FileInfo(many).Length:N0} bytes{Environment.NewLine}");
    }

    [Fact]
    public async Task Verify_SignedAndLz4CompressedFrames_Succeeds()
    {
        var signed = PickleFiles.Write(
            _directory.File("signed.pickle"),
            new Reading("s", 2, [1, 2]),
            PickleOptions.Default with { SigningKey = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray() });
        var packed = PickleFiles.Write(
            _directory.File("packed.pickle"),
            new Reading("p", 3, Enumerable.Range(0, 1000).ToArray()),
            PickleOptions.Default with { Compression = PickleCompression.Lz4 });

        var run = await CliRun.InvokeAsync("verify", signed, packed);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Be(
            $"{signed}: ok, 1 frame, {new FileInfo(signed).Length:N0} bytes{Environment.NewLine}" +
            $"{packed}: ok, 1 frame, {new FileInfo(packed).Length:N0} bytes{Environment.NewLine}");
    }

    [Fact]
    public async Task Verify_Lz4CompressedFrameBitFlipped_FailsNamingTheFrame()
    {
        var good = PickleFiles.Write(
            _directory.File("packed.pickle"),
            new Reading("p", 3, Enumerable.Range(0, 1000).ToArray()),
            PickleOptions.Default with { Compression = PickleCompression.Lz4 });
        var path = PickleFiles.FlipBit(good, _directory.File("flipped.pickle"), -20);

        var run = await CliRun.InvokeAsync("verify", path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0 is damaged:");
    }

    [Fact]
    public async Task Verify_PayloadBitFlipped_FailsNamingTheFrameAndOffset()
    {
        var good = PickleFiles.WriteMany(_directory.File("good.pickle"), "first", "second");
        var secondOffset = new FileInfo(PickleFiles.Write(_directory.File("one.pickle"), "first")).Length;
        var path = PickleFiles.FlipBit(good, _directory.File("flipped.pickle"), -10);

        var run = await CliRun.InvokeAsync("verify", path);

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().Be(
            $"pickle: {path}: frame 2 at byte offset {secondOffset} is damaged: The pickle is damaged: its checksum does not match its contents. " +
            $"The file was corrupted or cut short after it was written; restore it from a good copy.{Environment.NewLine}");
    }

    [Fact]
    public async Task Verify_HeaderBitFlipped_FailsOnTheHeaderChecksum()
    {
        var good = PickleFiles.Write(_directory.File("good.pickle"), new Reading("a", 1, [1]));
        var path = PickleFiles.FlipBit(good, _directory.File("flipped.pickle"), 9);

        var run = await CliRun.InvokeAsync("verify", path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("frame 1 at byte offset 0 is damaged").And.Contain("header checksum does not match");
    }

    [Fact]
    public async Task Verify_TruncatedFile_FailsSayingItWasCutShort()
    {
        var good = PickleFiles.Write(_directory.File("good.pickle"), new Reading("a", 1, [1, 2, 3]));
        var path = PickleFiles.Truncate(good, _directory.File("cut.pickle"), 1);

        var run = await CliRun.InvokeAsync("verify", path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain("frame 1 at byte offset 0 is damaged").And.Contain("cut short");
    }

    [Fact]
    public async Task Verify_GarbageAfterTheLastFrame_FailsNamingWhereItStarts()
    {
        var good = PickleFiles.Write(_directory.File("good.pickle"), 5);
        var path = _directory.File("tail.pickle");
        await File.WriteAllBytesAsync(path, [.. await File.ReadAllBytesAsync(good), 0, 0, 0, 0, 0, 0, 0, 0]);

        var run = await CliRun.InvokeAsync("verify", path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().Contain($"frame 2 at byte offset {new FileInfo(good).Length}: The data is not a pickle");
    }

    [Fact]
    public async Task Verify_OneDamagedAmongGoodFiles_ChecksEveryFileAndFails()
    {
        var good = PickleFiles.Write(_directory.File("good.pickle"), "fine");
        var damaged = PickleFiles.Truncate(good, _directory.File("cut.pickle"), 2);
        var missing = _directory.File("missing.pickle");

        var run = await CliRun.InvokeAsync("verify", damaged, good, missing);

        run.ExitCode.Should().Be(2, "the worst failure, a file that cannot be opened, decides the exit code");
        run.Out.Should().Be($"{good}: ok, 1 frame, {new FileInfo(good).Length:N0} bytes{Environment.NewLine}");
        var errors = run.Error.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        errors.Should().HaveCount(2);
        errors[0].Should().StartWith($"pickle: {damaged}: frame 1 at byte offset 0 is damaged:");
        errors[1].Should().StartWith($"pickle: cannot open '{missing}':");
    }

    [Fact]
    public async Task Verify_NoFile_FailsAsAUsageError()
    {
        var run = await CliRun.InvokeAsync("verify");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Be(
            $"pickle: Required argument missing for command: 'verify'.{Environment.NewLine}" +
            $"pickle: run 'pickle verify --help' to see how to use it{Environment.NewLine}");
    }
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    [Fact]
    public async Task Verify_KeyFileAndFramesSignedWithIt_SucceedsSayingSo()
    {
        var signed = PickleFiles.Write(_directory.File("signed.pickle"), new Reading("s", 2, [1, 2]), PickleOptions.Default with { SigningKey = Key });
        var keyFile = _directory.File("key.bin");
        await File.WriteAllBytesAsync(keyFile, Key);

        var run = await CliRun.InvokeAsync("verify", "--key-file", keyFile, signed);

        run.ExitCode.Should().Be(0);
        run.Error.Should().BeEmpty();
        run.Out.Should().Be($"{signed}: ok, 1 frame, {new FileInfo(signed).Length:N0} bytes, every frame signed with the key{Environment.NewLine}");
    }

    [Fact]
    public async Task Verify_KeyFileWithAnotherKey_FailsNamingTheFrameAndTheSignature()
    {
        var signed = PickleFiles.Write(_directory.File("signed.pickle"), 1, PickleOptions.Default with { SigningKey = Key });
        var keyFile = _directory.File("other.bin");
        await File.WriteAllBytesAsync(keyFile, Key.Reverse().ToArray());

        var run = await CliRun.InvokeAsync("verify", "--key-file", keyFile, signed);

        run.ExitCode.Should().Be(1);
        run.Out.Should().BeEmpty();
        run.Error.Should().StartWith($"pickle: {signed}: frame 1 at byte offset 0 fails its signature check: The pickle's signature does not match");
    }

    [Fact]
    public async Task Verify_KeyFileAndAnUnsignedFrame_FailsSayingItIsNotSigned()
    {
        var (signed, unsigned) = (PickleFiles.Write(_directory.File("a.pickle"), 1, PickleOptions.Default with { SigningKey = Key }), Pickle.DumpToBytes(2));
        var path = _directory.File("mixed.pickle");
        await File.WriteAllBytesAsync(path, [.. await File.ReadAllBytesAsync(signed), .. unsigned]);
        var keyFile = _directory.File("key.bin");
        await File.WriteAllBytesAsync(keyFile, Key);

        var run = await CliRun.InvokeAsync("verify", "--key-file", keyFile, path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"pickle: {path}: frame 2 at byte offset {new FileInfo(signed).Length} fails its signature check: The pickle is not signed");
    }

    [Fact]
    public async Task Verify_KeyFileWithADamagedFrame_ReportsDamageNotTheSignature()
    {
        var signed = PickleFiles.Write(_directory.File("signed.pickle"), "text", PickleOptions.Default with { SigningKey = Key });
        var path = PickleFiles.FlipBit(signed, _directory.File("flipped.pickle"), -3);
        var keyFile = _directory.File("key.bin");
        await File.WriteAllBytesAsync(keyFile, Key);

        var run = await CliRun.InvokeAsync("verify", "--key-file", keyFile, path);

        run.ExitCode.Should().Be(1);
        run.Error.Should().StartWith($"pickle: {path}: frame 1 at byte offset 0 is damaged: The pickle is damaged: its checksum does not match");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(15)]
    public async Task Verify_KeyFileTooShort_FailsWithExitCodeTwoBeforeReadingAnyFile(int length)
    {
        var keyFile = _directory.File("short.bin");
        await File.WriteAllBytesAsync(keyFile, new byte[length]);

        var run = await CliRun.InvokeAsync("verify", "--key-file", keyFile, _directory.File("missing.pickle"));

        run.ExitCode.Should().Be(2);
        run.Out.Should().BeEmpty();
        run.Error.Should().Be(
            $"pickle: the key file '{keyFile}' holds {length} bytes, but a signing key has at least 16: the file's bytes, all of them, are the key " +
            $"(write it with File.WriteAllBytes, or 'head -c 32 /dev/urandom > key.bin'; a text editor's newline would be part of it){Environment.NewLine}");
    }

    [Fact]
    public async Task Verify_MissingKeyFile_FailsWithExitCodeTwo()
    {
        var path = PickleFiles.Write(_directory.File("one.pickle"), 1);

        var run = await CliRun.InvokeAsync("verify", "--key-file", _directory.File("missing.key"), path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith("pickle: cannot read the key file");
    }

    [Fact]
    public async Task Verify_LargeFrame_ChecksItWithoutHoldingThePayload()
    {
        var path = PickleFiles.Write(_directory.File("large.pickle"), new byte[8 * 1024 * 1024]);
        var flipped = PickleFiles.FlipBit(path, _directory.File("flipped.pickle"), 5 * 1024 * 1024);

        var good = await CliRun.InvokeAsync("verify", path);
        var bad = await CliRun.InvokeAsync("verify", flipped);

        good.ExitCode.Should().Be(0);
        bad.ExitCode.Should().Be(1);
        bad.Error.Should().Contain("frame 1 at byte offset 0 is damaged").And.Contain("checksum does not match");
    }

    [Fact]
    public async Task Verify_Directory_SaysItIsADirectory()
    {
        var run = await CliRun.InvokeAsync("verify", _directory.Path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().StartWith($"pickle: '{_directory.Path}' is a directory, not a file");
    }
}
