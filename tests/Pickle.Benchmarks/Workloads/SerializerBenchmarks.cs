using System.Buffers;
using System.Runtime.Serialization.Formatters.Binary;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using MemoryPack;
using MessagePack;
using MessagePack.Resolvers;
using PolyType;
using NerdbankSerializer = Nerdbank.MessagePack.MessagePackSerializer;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// Dump of one value to a reused <see cref="MemoryStream"/> and Load from it, through Pickle and its peers.
/// Each category's baseline is MessagePack with the contractless resolver, the path Pickle's default serializer wraps.
/// Method names are <c>Peer_Operation</c>; the report reads them that way.
/// </summary>
/// <typeparam name="T">The workload's type.</typeparam>
public abstract class SerializerBenchmarks<T> : IDisposable
    where T : class
{
    public const string Dump = "Dump";
    public const string Load = "Load";

    private static readonly MessagePackSerializerOptions Contractless = ContractlessStandardResolver.Options;

    private static readonly NerdbankSerializer Nerdbank = new();

    private static readonly PickleOptions WithoutReferences = new() { PreserveReferences = false };

    private readonly ArrayBufferWriter<byte> _memoryPackBuffer = new();

    private T? _value;

#pragma warning disable SYSLIB0011 // BinaryFormatter is a peer on purpose, through the compatibility package.
    private BinaryFormatter? _binaryFormatter;
#pragma warning restore SYSLIB0011

    /// <summary>The shape Nerdbank.MessagePack serializes a <typeparamref name="T"/> by.</summary>
    protected static ITypeShape<T> NerdbankShape { get; } = NerdbankShapes.Of<T>();

    protected T Value => _value ?? throw new InvalidOperationException("The global setup has not run.");

    protected MemoryStream Stream { get; } = new();

    [GlobalSetup(Targets = [nameof(Pickle_Dump), nameof(Pickle_Load)])]
    public void SetupPickle() => Prepare("Pickle", Pickle_Dump);

    [GlobalSetup(Targets = [nameof(PickleTree_Dump), nameof(PickleTree_Load)])]
    public void SetupPickleTree() => Prepare("PickleTree", PickleTree_Dump);

    [GlobalSetup(Targets = [nameof(MessagePack_Dump), nameof(MessagePack_Load)])]
    public void SetupMessagePack() => Prepare("MessagePack", MessagePack_Dump);

    [GlobalSetup(Targets = [nameof(MemoryPack_Dump), nameof(MemoryPack_Load)])]
    public void SetupMemoryPack() => Prepare("MemoryPack", MemoryPack_Dump);

    [GlobalSetup(Targets = [nameof(Nerdbank_Dump), nameof(Nerdbank_Load)])]
    public void SetupNerdbank() => Prepare("Nerdbank", Nerdbank_Dump);

    [GlobalSetup(Targets = [nameof(Json_Dump), nameof(Json_Load)])]
    public void SetupJson() => Prepare("Json", Json_Dump);

    [GlobalSetup(Targets = [nameof(BinaryFormatter_Dump), nameof(BinaryFormatter_Load)])]
    public void SetupBinaryFormatter()
    {
        // The project file enables it, but BenchmarkDotNet runs the benchmarks from a project of its own.
        AppContext.SetSwitch("System.Runtime.Serialization.EnableUnsafeBinaryFormatterSerialization", isEnabled: true);
#pragma warning disable SYSLIB0011
        _binaryFormatter = new BinaryFormatter();
#pragma warning restore SYSLIB0011
        Prepare("BinaryFormatter", BinaryFormatter_Dump);
    }

    [Benchmark, BenchmarkCategory(Dump)]
    public long Pickle_Dump()
    {
        Rewind();
        Pickle.Dump(Value, Stream);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T Pickle_Load()
    {
        Stream.Position = 0;
        return Pickle.Load<T>(Stream);
    }

    // Pickle without PreserveReferences (the opt-out for tree-shaped data): no identity table on dump. Loading needs no
    // option; the frame says how it was written. Pickle_Dump and Pickle_Load keep references, the default.
    [Benchmark, BenchmarkCategory(Dump)]
    public long PickleTree_Dump()
    {
        Rewind();
        Pickle.Dump(Value, Stream, WithoutReferences);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T PickleTree_Load()
    {
        Stream.Position = 0;
        return Pickle.Load<T>(Stream);
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Dump)]
    public long MessagePack_Dump()
    {
        Rewind();
        MessagePackSerializer.Serialize(Stream, Value, Contractless);
        return Stream.Length;
    }

    [Benchmark(Baseline = true), BenchmarkCategory(Load)]
    public T MessagePack_Load()
    {
        Stream.Position = 0;
        return MessagePackSerializer.Deserialize<T>(Stream, Contractless);
    }

    // MemoryPack's own stream methods are async only; these are their synchronous equivalents (a reused buffer,
    // then one write; deserializing straight from the stream's buffer).
    [Benchmark, BenchmarkCategory(Dump)]
    public long MemoryPack_Dump()
    {
        Rewind();
        _memoryPackBuffer.ResetWrittenCount();
        MemoryPackSerializer.Serialize(_memoryPackBuffer, Value);
        Stream.Write(_memoryPackBuffer.WrittenSpan);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T MemoryPack_Load()
    {
        Stream.Position = 0;
        return MemoryPackSerializer.Deserialize<T>(Stream.GetBuffer().AsSpan(0, (int)Stream.Length))!;
    }

    // Nerdbank.MessagePack serializes a type by the shape its source generator made (NerdbankShapes, the witness).
    [Benchmark, BenchmarkCategory(Dump)]
    public long Nerdbank_Dump()
    {
        Rewind();
        Nerdbank.Serialize(Stream, Value, NerdbankShape);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T Nerdbank_Load()
    {
        Stream.Position = 0;
        return Nerdbank.Deserialize(Stream, NerdbankShape)!;
    }

    [Benchmark, BenchmarkCategory(Dump)]
    public long Json_Dump()
    {
        Rewind();
        JsonSerializer.Serialize(Stream, Value);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T Json_Load()
    {
        Stream.Position = 0;
        return JsonSerializer.Deserialize<T>(Stream)!;
    }

#pragma warning disable SYSLIB0011
    [Benchmark, BenchmarkCategory(Dump)]
    public long BinaryFormatter_Dump()
    {
        Rewind();
        _binaryFormatter!.Serialize(Stream, Value);
        return Stream.Length;
    }

    [Benchmark, BenchmarkCategory(Load)]
    public T BinaryFormatter_Load()
    {
        Stream.Position = 0;
        return (T)_binaryFormatter!.Deserialize(Stream);
    }
#pragma warning restore SYSLIB0011

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Stream.Dispose();
        }
    }

    /// <summary>Builds the workload's value; called once per benchmark process.</summary>
    protected abstract T CreateValue();

    /// <summary>Builds the value, dumps it once (so that a Load benchmark has its payload) and records the size.</summary>
    protected void Prepare(string peer, Func<long> dump)
    {
        ArgumentNullException.ThrowIfNull(dump);
        _value ??= CreateValue();
        PayloadSizes.Record(WorkloadName, peer, dump());
    }

    /// <summary>The workload class's name (BenchmarkDotNet runs a generated subclass of it).</summary>
    protected string WorkloadName => PayloadSizes.WorkloadOf(this);

    private void Rewind()
    {
        Stream.Position = 0;
        Stream.SetLength(0);
    }
}
