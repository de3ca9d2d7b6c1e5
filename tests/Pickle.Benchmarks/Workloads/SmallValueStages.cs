using System.Buffers;
using BenchmarkDotNet.Attributes;
using MessagePack;
using MessagePack.Resolvers;
using Pickling.Internal;
using Pickling.Internal.MessagePack;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The stages of one <see cref="Pickle.DumpToBytes{T}"/> and one <see cref="Pickle.LoadFromBytes{T}"/> of a small
/// value, each timed alone, beside the whole call and MessagePack contractless's: where the time of a small value
/// goes, stage by stage. The stages are those the library runs, called through the same internal methods; a call
/// also pays what lies between them (the generic virtual calls into the serializer, the choice of serializer, the
/// checks of the frame's length), which is the whole call's time less the stages'.
/// </summary>
/// <typeparam name="T">The type of the value.</typeparam>
public abstract class SmallValueStages<T> : IDisposable
    where T : class
{
    private const string Dump = "Dump";
    private const string Load = "Load";

    private static readonly MessagePackSerializerOptions Contractless = ContractlessStandardResolver.Options;

    private readonly PickleOptions _options = PickleOptions.Default;
    private readonly ArrayBufferWriter<byte> _written = new(4096);
    private T _value = null!;
    private byte[] _frame = [];
    private byte[] _messagePack = [];
    private ReadOnlySequence<byte> _payload;
    private ReadOnlySequence<byte> _valueBytes;
    private SegmentedBuffer _dumpedPayload = null!;
    private int _headerLength;
    private GraphState _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        _value = CreateValue();
        _frame = Pickle.DumpToBytes(_value);
        _messagePack = MessagePackSerializer.Serialize(_value, Contractless);
        var header = FrameHeader.Parse(_frame.AsSpan(0, FrameHeader.BytesNeeded(_frame)), _options.MaxPayloadSize);
        _headerLength = header.Length;
        _payload = new ReadOnlySequence<byte>(_frame.AsMemory(header.Length, (int)header.PayloadLength));
        _state = new GraphState(_options, converters: null, numbersObjects: true);
        _valueBytes = _payload;
        RootType.Read<T>(ref _valueBytes, _state);
        _dumpedPayload = new SegmentedBuffer();
        MessagePackPickleSerializer.Default.Serialize(_dumpedPayload, _value, _options);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    [Benchmark, BenchmarkCategory(Dump)]
    public byte[] Pickle_Dump() => Pickle.DumpToBytes(_value);

    [Benchmark(Baseline = true), BenchmarkCategory(Dump)]
    public byte[] MessagePack_Dump() => MessagePackSerializer.Serialize(_value, Contractless);

    /// <summary>The payload: the serializer's call (its options, the root type and the value) into the thread's buffer.</summary>
    [Benchmark, BenchmarkCategory(Dump)]
    public long Payload_Dump()
    {
        var buffer = SegmentedBuffer.Rent();
        MessagePackPickleSerializer.Default.Serialize(buffer, _value, _options);
        var length = buffer.Length;
        buffer.Return();
        return length;
    }

    /// <summary>The value alone, with a call's options (rented and given back, as <see cref="CallState_Load"/> times), into a plain buffer: the part MessagePack's own call does.</summary>
    [Benchmark, BenchmarkCategory(Dump)]
    public long Value_Dump()
    {
        var call = MessagePackPickleSerializer.GetCallOptions(_options, borrowingBuffer: null, verifier: null);
        _written.ResetWrittenCount();
        var writer = new MessagePackWriter(_written);
        PickleResolver.FormatterOf<T>(call.Resolver).Serialize(ref writer, _value, call);
        writer.Flush();
        call.Return();
        return _written.WrittenCount;
    }

    /// <summary>The frame around a payload: the header and its CRC-32, the returned array, the copy and the XXH3 seal.</summary>
    [Benchmark, BenchmarkCategory(Dump)]
    public byte[] Frame_Dump() => OutgoingFrame.ToArray(MessagePackPickleSerializer.FormatName, _dumpedPayload, _options);

    [Benchmark, BenchmarkCategory(Load)]
    public T Pickle_Load() => Pickle.LoadFromBytes<T>(_frame);

    [Benchmark(Baseline = true), BenchmarkCategory(Load)]
    public T MessagePack_Load() => MessagePackSerializer.Deserialize<T>(_messagePack, Contractless);

    /// <summary>The header: its length found, its CRC-32 checked and its fields parsed.</summary>
    [Benchmark, BenchmarkCategory(Load)]
    public int Header_Load() => FrameHeader.Parse(_frame.AsSpan(0, FrameHeader.BytesNeeded(_frame)), _options.MaxPayloadSize).Length;

    /// <summary>The frame's XXH3 checksum, over header and payload.</summary>
    [Benchmark, BenchmarkCategory(Load)]
    public int Checksum_Load()
    {
        FrameHasher.CheckWhole(_frame, default, isSigned: false);
        return _headerLength;
    }

    /// <summary>A call's options and state, rented and given back empty.</summary>
    [Benchmark, BenchmarkCategory(Load)]
    public int CallState_Load()
    {
        var call = MessagePackPickleSerializer.GetCallOptions(_options, borrowingBuffer: null, verifier: null);
        call.State.StartBudget(_payload.Length);
        call.Return();
        return _headerLength;
    }

    /// <summary>The root type, compared with <typeparamref name="T"/>'s.</summary>
    [Benchmark, BenchmarkCategory(Load)]
    public long RootType_Load()
    {
        var payload = _payload;
        RootType.Read<T>(ref payload, _state);
        return payload.Length;
    }

    /// <summary>The shape pre-check of the value's bytes (every declared count against the bytes left, the depth).</summary>
    [Benchmark, BenchmarkCategory(Load)]
    public int Shape_Load()
    {
        PayloadShape.Check(_valueBytes, _options.MaxDepth);
        return _headerLength;
    }

    /// <summary>The value alone, read by its formatter with a call's options (rented and given back, as <see cref="CallState_Load"/> times): the part MessagePack's own call does.</summary>
    [Benchmark, BenchmarkCategory(Load)]
    public T Value_Load()
    {
        var call = MessagePackPickleSerializer.GetCallOptions(_options, borrowingBuffer: null, verifier: null);
        var reader = new MessagePackReader(_valueBytes);
        var value = PickleResolver.FormatterOf<T>(call.Resolver).Deserialize(ref reader, call);
        call.Return();
        return value;
    }

    protected abstract T CreateValue();

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _dumpedPayload?.Dispose();
        }
    }
}
