using BenchmarkDotNet.Attributes;
using MemoryPack;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The workloads made of big numeric arrays add raw bytes, the limit (<c>MemoryMarshal.AsBytes</c> written and read
/// in one call), and dumps to and loads from a <see cref="FileStream"/>, where raw bytes are the baseline.
/// </summary>
/// <typeparam name="T">The workload's type.</typeparam>
public abstract class BlockBenchmarks<T> : SerializerBenchmarks<T>
    where T : class
{
    public const string DumpFile = "DumpFile";
    public const string LoadFile = "LoadFile";

    private const int FileBufferSize = 64 * 1024;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "pickle-benchmarks-files");

    [GlobalSetup(Targets = [nameof(Raw_Dump), nameof(Raw_Load)])]
    public void SetupRaw() => Prepare("Raw", Raw_Dump);

    [GlobalSetup(Targets = [nameof(Raw_DumpFile), nameof(Raw_LoadFile)])]
    public void SetupRawFile() => Prepare("Raw", Raw_DumpFile);

    [GlobalSetup(Targets = [nameof(Pickle_DumpFile), nameof(Pickle_LoadFile)])]
    public void SetupPickleFile() => Prepare("Pickle", Pickle_DumpFile);

    [GlobalSetup(Targets = [nameof(MemoryPack_DumpFile), nameof(MemoryPack_LoadFile)])]
    public void SetupMemoryPackFile() => Prepare("MemoryPack", MemoryPack_DumpFile);

    [Benchmark, BenchmarkCategory(Dump)]
    public long Raw_Dump()
    {
        Stream.Position = 0;
        Stream.SetLength(0);
        WriteRaw(Stream, Value);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T Raw_Load()
    {
        Stream.Position = 0;
        return ReadRaw(Stream);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(DumpFile)]
    public long Raw_DumpFile()
    {
        using var file = CreateFile("Raw");
        WriteRaw(file, Value);
        return file.Length;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(LoadFile)]
    public T Raw_LoadFile()
    {
        using var file = OpenFile("Raw");
        return ReadRaw(file);
    }

    [Benchmark, BenchmarkCategory(DumpFile)]
    public long Pickle_DumpFile()
    {
        using var file = CreateFile("Pickle");
        Pickle.Dump(Value, file);
        return file.Length;
    }

    [Benchmark, BenchmarkCategory(LoadFile)]
    public T Pickle_LoadFile()
    {
        using var file = OpenFile("Pickle");
        return Pickle.Load<T>(file);
    }

    [Benchmark, BenchmarkCategory(DumpFile)]
    public long MemoryPack_DumpFile()
    {
        using var file = CreateFile("MemoryPack");
        MemoryPackSerializer.SerializeAsync(file, Value).AsTask().GetAwaiter().GetResult();
        return file.Length;
    }

    [Benchmark, BenchmarkCategory(LoadFile)]
    public T MemoryPack_LoadFile()
    {
        using var file = OpenFile("MemoryPack");
        return MemoryPackSerializer.DeserializeAsync<T>(file).AsTask().GetAwaiter().GetResult()!;
    }

    /// <summary>Writes the value's bytes as they are in memory, with just the lengths needed to read them back.</summary>
    protected abstract void WriteRaw(Stream stream, T value);

    /// <summary>Reads what <see cref="WriteRaw"/> wrote, in one read per array.</summary>
    protected abstract T ReadRaw(Stream stream);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private FileStream CreateFile(string peer)
    {
        Directory.CreateDirectory(_directory);
        return new FileStream(PathOf(peer), FileMode.Create, FileAccess.Write, FileShare.Read, FileBufferSize);
    }

    private FileStream OpenFile(string peer) =>
        new(PathOf(peer), FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize);

    private string PathOf(string peer) => Path.Combine(_directory, $"{WorkloadName}.{peer}.bin");
}
