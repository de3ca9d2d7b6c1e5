using BenchmarkDotNet.Attributes;
using MemoryPack;
using MessagePack;
using MessagePack.Resolvers;
using PolyType;
using NerdbankSerializer = Nerdbank.MessagePack.MessagePackSerializer;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// A small value turned into a new byte array and loaded back from one, the way a cache or a message log uses a
/// serializer: <see cref="Pickle.DumpToBytes{T}"/> and <see cref="Pickle.LoadFromBytes{T}"/> against each peer's own
/// byte-array methods. Each category's baseline is MessagePack with the contractless resolver. Method names are
/// <c>Peer_Operation</c>; the report reads them that way.
/// </summary>
/// <typeparam name="T">The workload's type.</typeparam>
public abstract class BytesBenchmarks<T>
    where T : class
{
    public const string DumpToBytes = "DumpToBytes";
    public const string LoadFromBytes = "LoadFromBytes";

    private static readonly MessagePackSerializerOptions Contractless = ContractlessStandardResolver.Options;

    private static readonly NerdbankSerializer Nerdbank = new();

    private T? _value;
    private ITypeShape<T>? _shape;
    private byte[] _bytes = [];

    protected T Value => _value ?? throw new InvalidOperationException("The global setup has not run.");

    [GlobalSetup(Targets = [nameof(Pickle_DumpToBytes), nameof(Pickle_LoadFromBytes)])]
    public void SetupPickle() => Prepare("Pickle", Pickle_DumpToBytes);

    [GlobalSetup(Targets = [nameof(MessagePack_DumpToBytes), nameof(MessagePack_LoadFromBytes)])]
    public void SetupMessagePack() => Prepare("MessagePack", MessagePack_DumpToBytes);

    [GlobalSetup(Targets = [nameof(MemoryPack_DumpToBytes), nameof(MemoryPack_LoadFromBytes)])]
    public void SetupMemoryPack() => Prepare("MemoryPack", MemoryPack_DumpToBytes);

    [GlobalSetup(Targets = [nameof(Nerdbank_DumpToBytes), nameof(Nerdbank_LoadFromBytes)])]
    public void SetupNerdbank()
    {
        _shape = Shape();
        Prepare("Nerdbank", Nerdbank_DumpToBytes);
    }

    [Benchmark, BenchmarkCategory(DumpToBytes)]
    public byte[] Pickle_DumpToBytes() => Pickle.DumpToBytes(Value);

    [Benchmark, BenchmarkCategory(LoadFromBytes)]
    public T Pickle_LoadFromBytes() => Pickle.LoadFromBytes<T>(_bytes);

    [Benchmark(Baseline = true), BenchmarkCategory(DumpToBytes)]
    public byte[] MessagePack_DumpToBytes() => MessagePackSerializer.Serialize(Value, Contractless);

    [Benchmark(Baseline = true), BenchmarkCategory(LoadFromBytes)]
    public T MessagePack_LoadFromBytes() => MessagePackSerializer.Deserialize<T>(_bytes, Contractless);

    [Benchmark, BenchmarkCategory(DumpToBytes)]
    public byte[] MemoryPack_DumpToBytes() => MemoryPackSerializer.Serialize(Value);

    [Benchmark, BenchmarkCategory(LoadFromBytes)]
    public T MemoryPack_LoadFromBytes() => MemoryPackSerializer.Deserialize<T>(_bytes)!;

    [Benchmark, BenchmarkCategory(DumpToBytes)]
    public byte[] Nerdbank_DumpToBytes() => Nerdbank.Serialize(Value, _shape!);

    [Benchmark, BenchmarkCategory(LoadFromBytes)]
    public T Nerdbank_LoadFromBytes() => Nerdbank.Deserialize(_bytes, _shape!)!;

    /// <summary>Builds the workload's value; called once per benchmark process.</summary>
    protected abstract T CreateValue();

    /// <summary>The shape Nerdbank.MessagePack serializes a <typeparamref name="T"/> by.</summary>
    protected abstract ITypeShape<T> Shape();

    private void Prepare(string peer, Func<byte[]> dump)
    {
        _value ??= CreateValue();
        _bytes = dump();
        PayloadSizes.Record(PayloadSizes.WorkloadOf(this), peer, _bytes.Length);
    }
}
