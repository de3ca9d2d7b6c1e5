using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>OpenWrite/OpenRead as Python's open(path, 'wb'/'rb'), and the atomic DumpToFile.</summary>
public sealed class PickleFilesTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void OpenWrite_ThenOpenRead_RoundTripsLikePython()
    {
        var path = _directory.File("good_values.pickle");
        using (var file = Pickle.OpenWrite(path))
        {
            Pickle.Dump(new List<int> { 1, 2, 3 }, file);
        }

        using var read = Pickle.OpenRead(path);

        Pickle.Load<List<int>>(read).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void OpenWrite_ExistingLongerFile_TruncatesIt()
    {
        var path = _directory.File("x.pickle");
        File.WriteAllBytes(path, new byte[10_000]);

        using (var file = Pickle.OpenWrite(path))
        {
            Pickle.Dump(7, file);
        }

        new FileInfo(path).Length.Should().Be(Pickle.DumpToBytes(7).Length);
        using var read = Pickle.OpenRead(path);
        Pickle.LoadAll<int>(read).Should().Equal(7);
    }

    [Fact]
    public void OpenWrite_SeveralDumps_LoadAllReadsThemBack()
    {
        var path = _directory.File("many.pickle");
        using (var file = Pickle.OpenWrite(path))
        {
            Pickle.Dump("a", file);
            Pickle.Dump("b", file);
        }

        using var read = Pickle.OpenRead(path);

        Pickle.LoadAll<string>(read).Should().Equal("a", "b");
    }

    [Fact]
    public void OpenWrite_EmptyPath_ThrowsArgumentException() =>
        FluentActions.Invoking(() => Pickle.OpenWrite(string.Empty)).Should().Throw<ArgumentException>();

    [Fact]
    public void OpenRead_EmptyPath_ThrowsArgumentException() =>
        FluentActions.Invoking(() => Pickle.OpenRead(string.Empty)).Should().Throw<ArgumentException>();

    [Fact]
    public void OpenRead_MissingFile_ThrowsFileNotFoundException() =>
        FluentActions.Invoking(() => Pickle.OpenRead(_directory.File("missing.pickle"))).Should().Throw<FileNotFoundException>();

    [Fact]
    public void LoadFromFile_MissingFile_ThrowsFileNotFoundException() =>
        FluentActions.Invoking(() => Pickle.LoadFromFile<int>(_directory.File("missing.pickle"))).Should().Throw<FileNotFoundException>();

    [Fact]
    public void LoadFromFile_EmptyPath_ThrowsArgumentException() =>
        FluentActions.Invoking(() => Pickle.LoadFromFile<int>(string.Empty)).Should().Throw<ArgumentException>();

    [Fact]
    public void DumpToFile_EmptyPath_ThrowsArgumentException() =>
        FluentActions.Invoking(() => Pickle.DumpToFile(1, string.Empty)).Should().Throw<ArgumentException>();

    [Fact]
    public void LoadFromFile_EmptyFile_ThrowsPickleException()
    {
        var path = _directory.File("empty.pickle");
        File.WriteAllBytes(path, []);

        FluentActions.Invoking(() => Pickle.LoadFromFile<int>(path)).Should().Throw<PickleException>();
    }

    [Fact]
    public void DumpToFile_ThenLoadFromFile_RoundTripsAndLeavesOnlyTheFile()
    {
        var path = _directory.File("model.pickle");
        var model = new Person("Ada", new DateOnly(1815, 12, 10), ["Countess"]);

        Pickle.DumpToFile(model, path);

        Pickle.LoadFromFile<Person>(path).Should().BeEquivalentTo(model);
        Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Should().Equal("model.pickle");
    }

    [Fact]
    public void DumpToFile_ExistingFile_ReplacesIt()
    {
        var path = _directory.File("model.pickle");
        Pickle.DumpToFile(new string('x', 5000), path);

        Pickle.DumpToFile("short", path);

        Pickle.LoadFromFile<string>(path).Should().Be("short");
        new FileInfo(path).Length.Should().Be(Pickle.DumpToBytes("short").Length);
    }

    [Fact]
    public void DumpToFile_SerializerThrows_LeavesOldFileIntactAndNoTempFiles()
    {
        var path = _directory.File("model.pickle");
        Pickle.DumpToFile("old", path);
        var before = File.ReadAllBytes(path);
        var options = PickleOptions.Default with { Serializer = new ThrowingSerializer(() => new InvalidOperationException("boom")) };

        FluentActions.Invoking(() => Pickle.DumpToFile("new", path, options)).Should().Throw<PickleException>().WithInnerException<InvalidOperationException>();

        File.ReadAllBytes(path).Should().Equal(before);
        Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Should().Equal("model.pickle");
    }

    [Fact]
    public async Task DumpToFileAsync_CancelledBeforeStart_LeavesOldFileIntactAndNoTempFiles()
    {
        var path = _directory.File("model.pickle");
        Pickle.DumpToFile("old", path);

        await FluentActions.Awaiting(() => Pickle.DumpToFileAsync("new", path, cancellationToken: new CancellationToken(true))).Should().ThrowAsync<OperationCanceledException>();

        Pickle.LoadFromFile<string>(path).Should().Be("old");
        Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Should().Equal("model.pickle");
    }

    [Fact]
    public async Task DumpToFileAsync_CancelledWhileWriting_LeavesOldFileIntactAndNoTempFiles()
    {
        var path = _directory.File("model.pickle");
        Pickle.DumpToFile("old", path);
        using var source = new CancellationTokenSource();
        var options = PickleOptions.Default with { Serializer = new CancellingSerializer(source) };

        await FluentActions.Awaiting(() => Pickle.DumpToFileAsync(new string('n', 200_000), path, options, source.Token)).Should().ThrowAsync<OperationCanceledException>();

        Pickle.LoadFromFile<string>(path).Should().Be("old");
        Directory.GetFiles(_directory.Path).Select(Path.GetFileName).Should().Equal("model.pickle");
    }

    [Fact]
    public async Task DumpToFileAsync_ThenLoadFromFile_RoundTrips()
    {
        var path = _directory.File("a.pickle");

        await Pickle.DumpToFileAsync(new Dictionary<int, string> { [1] = "one" }, path);

        Pickle.LoadFromFile<Dictionary<int, string>>(path).Should().Equal(new Dictionary<int, string> { [1] = "one" });
    }

    /// <summary>Serializes with MessagePack, then cancels the dump: the cancellation lands while the file is written.</summary>
    private sealed class CancellingSerializer(CancellationTokenSource source) : IPickleSerializer
    {
        public string Format => MessagePackPickleSerializer.FormatName;

        public void Serialize<T>(System.Buffers.IBufferWriter<byte> destination, T value, PickleOptions options)
        {
            new MessagePackPickleSerializer().Serialize(destination, value, options);
            source.Cancel();
        }

        public T Deserialize<T>(System.Buffers.ReadOnlySequence<byte> payload, PickleOptions options) => throw new NotSupportedException();
    }
}
