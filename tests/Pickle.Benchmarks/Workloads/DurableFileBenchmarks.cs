using BenchmarkDotNet.Attributes;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The price of durability: <see cref="Pickle.DumpToFile{T}"/> (a temporary file in the same folder, fsync, rename
/// over the target, fsync of the folder) against a plain <see cref="Pickle.Dump{T}"/> to the stream of
/// <see cref="Pickle.OpenWrite"/> (no fsync: the data may still be in the page cache when the call returns), the
/// baseline, and the same plain dump followed by <c>Flush(flushToDisk: true)</c>, so that the difference between the
/// three splits the cost into the file's fsync and the rename with the folder's fsync.
/// Method names are <c>Peer_Operation</c>, as the report reads them; the operation is <c>Save</c>.
/// </summary>
/// <typeparam name="T">The workload's type.</typeparam>
public abstract class DurableFileBenchmarks<T> : IDisposable
    where T : class
{
    public const string File = "File";

    // A folder of its own, on the disk rather than a tmpfs, so that fsync does what it does for users, and with few
    // files in it, as DumpToFile looks for abandoned temporary files of the target beside it.
    private readonly string _directory = Path.Combine(
        Environment.CurrentDirectory, "pickle-benchmarks-durable", Guid.NewGuid().ToString("N"));

    private T? _value;

    private T Value => _value ?? throw new InvalidOperationException("The global setup has not run.");

    [GlobalSetup(Target = nameof(Stream_Save))]
    public void SetupStream() => Prepare("Stream", Stream_Save);

    [GlobalSetup(Target = nameof(StreamFsync_Save))]
    public void SetupStreamFsync() => Prepare("StreamFsync", StreamFsync_Save);

    [GlobalSetup(Target = nameof(DumpToFile_Save))]
    public void SetupDumpToFile() => Prepare("DumpToFile", DumpToFile_Save);

    [Benchmark(Baseline = true), BenchmarkCategory(File)]
    public long Stream_Save()
    {
        using var file = Pickle.OpenWrite(PathOf("Stream"));
        Pickle.Dump(Value, file);
        return file.Length;
    }

    [Benchmark, BenchmarkCategory(File)]
    public long StreamFsync_Save()
    {
        using var file = Pickle.OpenWrite(PathOf("StreamFsync"));
        Pickle.Dump(Value, file);
        file.Flush(flushToDisk: true);
        return file.Length;
    }

    [Benchmark, BenchmarkCategory(File)]
    public long DumpToFile_Save()
    {
        var path = PathOf("DumpToFile");
        Pickle.DumpToFile(Value, path);
        return new FileInfo(path).Length;
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Builds the workload's value; called once per benchmark process.</summary>
    protected abstract T CreateValue();

    private void Prepare(string peer, Func<long> save)
    {
        Directory.CreateDirectory(_directory);
        _value ??= CreateValue();
        PayloadSizes.Record(WorkloadName, peer, save());
    }

    private string WorkloadName
    {
        get
        {
            var type = GetType();
            while (type.Assembly != typeof(DurableFileBenchmarks<>).Assembly)
            {
                type = type.BaseType!;
            }

            return type.Name;
        }
    }

    private string PathOf(string peer) => Path.Combine(_directory, $"{peer}.pickle");
}
