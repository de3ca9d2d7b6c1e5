using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>The async twins: same frames, same stream discipline, and cancellation.</summary>
public class PickleAsyncTests
{
    private static readonly byte[] SampleFrame = Pickle.DumpToBytes(new Order { Id = 2, Customer = "Grace", Lines = ["a"] });

    [Fact]
    public async Task DumpAsync_ThenLoadAsync_RoundTrips()
    {
        using var stream = new MemoryStream();

        await Pickle.DumpAsync(new Dictionary<string, decimal> { ["a"] = 1.10m }, stream);
        stream.Position = 0;
        var loaded = await Pickle.LoadAsync<Dictionary<string, decimal>>(stream);

        loaded["a"].ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("1.10");
    }

    [Fact]
    public async Task DumpAsync_WritesSameBytesAsDumpToBytes()
    {
        using var stream = new MemoryStream();

        await Pickle.DumpAsync(new Order { Id = 2, Customer = "Grace", Lines = ["a"] }, stream);

        stream.ToArray().Should().Equal(SampleFrame);
    }

    [Fact]
    public async Task LoadAsync_OneBytePerReadStream_ReadsExactlyItsFrameAndLeavesTheNextByte()
    {
        using var inner = new MemoryStream([.. SampleFrame, 0x2A]);
        var trickle = new TrickleStream(inner);

        var loaded = await Pickle.LoadAsync<Order>(trickle);

        loaded.Customer.Should().Be("Grace");
        trickle.BytesRead.Should().Be(SampleFrame.Length);
        inner.ReadByte().Should().Be(0x2A);
    }

    [Fact]
    public async Task LoadAllAsync_SeveralFramesOnTrickleStream_EnumeratesAllAndStopsAtCleanEnd()
    {
        using var inner = new MemoryStream();
        for (var i = 0; i < 4; i++)
        {
            await Pickle.DumpAsync($"item {i}", inner);
        }

        inner.Position = 0;
        var items = new List<string>();
        await foreach (var item in Pickle.LoadAllAsync<string>(new TrickleStream(inner)))
        {
            items.Add(item);
        }

        items.Should().Equal("item 0", "item 1", "item 2", "item 3");
    }

    [Fact]
    public async Task LoadAsync_PastLastObject_ThrowsPickleEndOfStreamException()
    {
        using var stream = new MemoryStream(SampleFrame);
        await Pickle.LoadAsync<Order>(stream);

        await FluentActions.Awaiting(() => Pickle.LoadAsync<Order>(stream).AsTask()).Should().ThrowAsync<PickleEndOfStreamException>();
    }

    [Fact]
    public async Task LoadAsync_TruncatedFrameOnTrickleStream_ThrowsPickleException()
    {
        using var inner = new MemoryStream(SampleFrame, 0, SampleFrame.Length - 1);

        var act = () => Pickle.LoadAsync<Order>(new TrickleStream(inner)).AsTask();

        (await act.Should().ThrowAsync<PickleException>()).Which.Should().NotBeOfType<PickleEndOfStreamException>();
    }

    [Fact]
    public async Task DumpAsyncAndLoadAsync_CallersStream_IsNeverDisposed()
    {
        await using var stream = new ProbeStream();

        await Pickle.DumpAsync(1, stream);
        stream.Position = 0;
        await Pickle.LoadAsync<int>(stream);
        stream.Position = 0;
        await foreach (var unused in Pickle.LoadAllAsync<int>(stream))
        {
            unused.Should().Be(1);
        }

        stream.WasDisposed.Should().BeFalse();
    }

    [Fact]
    public async Task DumpAsync_PreCancelledToken_ThrowsOperationCanceledExceptionAndWritesNothing()
    {
        using var stream = new MemoryStream();

        await FluentActions.Awaiting(() => Pickle.DumpAsync(1, stream, cancellationToken: new CancellationToken(true))).Should().ThrowAsync<OperationCanceledException>();

        stream.Length.Should().Be(0);
    }

    [Fact]
    public async Task LoadAsync_PreCancelledToken_ThrowsOperationCanceledExceptionAndReadsNothing()
    {
        var trickle = new TrickleStream(new MemoryStream(SampleFrame));

        await FluentActions.Awaiting(() => Pickle.LoadAsync<Order>(trickle, cancellationToken: new CancellationToken(true)).AsTask()).Should().ThrowAsync<OperationCanceledException>();

        trickle.BytesRead.Should().Be(0);
    }

    [Fact]
    public async Task LoadAllAsync_PreCancelledToken_ThrowsOperationCanceledException()
    {
        using var stream = new MemoryStream(SampleFrame);

        var act = async () =>
        {
            await foreach (var unused in Pickle.LoadAllAsync<Order>(stream, cancellationToken: new CancellationToken(true)))
            {
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task LoadAllAsync_CancelledThroughWithCancellation_ThrowsOperationCanceledException()
    {
        using var stream = new MemoryStream(SampleFrame);
        using var source = new CancellationTokenSource();
        await source.CancelAsync();

        var act = async () =>
        {
            await foreach (var unused in Pickle.LoadAllAsync<Order>(stream).WithCancellation(source.Token))
            {
            }
        };

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task DumpToFileAsync_PreCancelledToken_ThrowsOperationCanceledException()
    {
        using var directory = new TempDirectory();

        await FluentActions.Awaiting(() => Pickle.DumpToFileAsync(1, directory.File("x.pickle"), cancellationToken: new CancellationToken(true))).Should().ThrowAsync<OperationCanceledException>();

        Directory.EnumerateFileSystemEntries(directory.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task LoadFromFileAsync_PreCancelledToken_ThrowsOperationCanceledException()
    {
        using var directory = new TempDirectory();
        Pickle.DumpToFile(1, directory.File("x.pickle"));

        await FluentActions.Awaiting(() => Pickle.LoadFromFileAsync<int>(directory.File("x.pickle"), cancellationToken: new CancellationToken(true)).AsTask()).Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task DumpAsync_NullStream_ThrowsArgumentNullException() =>
        await FluentActions.Awaiting(() => Pickle.DumpAsync(1, null!)).Should().ThrowAsync<ArgumentNullException>();

    [Fact]
    public async Task LoadAsync_NullStream_ThrowsArgumentNullException() =>
        await FluentActions.Awaiting(() => Pickle.LoadAsync<int>(null!).AsTask()).Should().ThrowAsync<ArgumentNullException>();

    [Fact]
    public void LoadAllAsync_NullStream_ThrowsArgumentNullExceptionBeforeEnumerating() =>
        FluentActions.Invoking(() => Pickle.LoadAllAsync<int>(null!)).Should().Throw<ArgumentNullException>();

    [Fact]
    public async Task DumpAsync_NonWritableStream_ThrowsArgumentException()
    {
        await using var stream = new ProbeStream(canWrite: false);

        await FluentActions.Awaiting(() => Pickle.DumpAsync(1, stream)).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task LoadAsync_NonReadableStream_ThrowsArgumentException()
    {
        await using var stream = new ProbeStream(canRead: false);

        await FluentActions.Awaiting(() => Pickle.LoadAsync<int>(stream).AsTask()).Should().ThrowAsync<ArgumentException>();
    }

    [Fact]
    public async Task DumpToFileAsync_EmptyPath_ThrowsArgumentException() =>
        await FluentActions.Awaiting(() => Pickle.DumpToFileAsync(1, string.Empty)).Should().ThrowAsync<ArgumentException>();

    [Fact]
    public async Task LoadFromFileAsync_EmptyPath_ThrowsArgumentException() =>
        await FluentActions.Awaiting(() => Pickle.LoadFromFileAsync<int>(string.Empty).AsTask()).Should().ThrowAsync<ArgumentException>();

    [Fact]
    public async Task LoadFromFileAsync_MissingFile_ThrowsFileNotFoundException()
    {
        using var directory = new TempDirectory();

        await FluentActions.Awaiting(() => Pickle.LoadFromFileAsync<int>(directory.File("missing.pickle")).AsTask()).Should().ThrowAsync<FileNotFoundException>();
    }

    [Fact]
    public async Task DumpToFileAsync_ThenLoadFromFileAsync_RoundTrips()
    {
        using var directory = new TempDirectory();
        var person = new Person("Ada", new DateOnly(1815, 12, 10), ["A"]);

        await Pickle.DumpToFileAsync(person, directory.File("p.pickle"));

        (await Pickle.LoadFromFileAsync<Person>(directory.File("p.pickle"))).Should().BeEquivalentTo(person);
    }
}
