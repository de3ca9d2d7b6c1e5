using System.Runtime.Serialization.Formatters.Binary;
using BenchmarkDotNet.Attributes;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// Deep copies of the records workload (200,000 records by default): <see cref="Pickle.Clone{T}"/> against a round trip
/// through <see cref="Pickle.DumpToBytes{T}"/> and <see cref="Pickle.LoadFromBytes{T}"/> (with references, the default,
/// as a clone keeps them, and without) and against a round trip through BinaryFormatter, which is what many programs
/// cloned with.
/// </summary>
public class CloneBenchmarks
{
    private static readonly PickleOptions WithoutReferences = PickleOptions.Default with { PreserveReferences = false };

    private List<SmallRecord> _records = [];

#pragma warning disable SYSLIB0011 // BinaryFormatter is a peer on purpose, through the compatibility package.
    private BinaryFormatter? _binaryFormatter;

    [GlobalSetup]
    public void Setup()
    {
        _records = RecordsData.Create(WorkloadSizes.Records);
        // The project file enables it, but BenchmarkDotNet runs the benchmarks from a project of its own.
        AppContext.SetSwitch("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization", isEnabled: true);
        _binaryFormatter = new BinaryFormatter();
    }

    [Benchmark]
    public List<SmallRecord> Pickle_Clone() => Pickle.Clone(_records);

    [Benchmark(Baseline = true)]
    public List<SmallRecord> Pickle_RoundTrip() => Pickle.LoadFromBytes<List<SmallRecord>>(Pickle.DumpToBytes(_records));

    [Benchmark]
    public List<SmallRecord> PickleTree_RoundTrip() => Pickle.LoadFromBytes<List<SmallRecord>>(Pickle.DumpToBytes(_records, WithoutReferences));

    [Benchmark]
    public List<SmallRecord> BinaryFormatter_RoundTrip()
    {
        using var stream = new MemoryStream();
        _binaryFormatter!.Serialize(stream, _records);
        stream.Position = 0;
        return (List<SmallRecord>)_binaryFormatter.Deserialize(stream);
    }
#pragma warning restore SYSLIB0011
}
