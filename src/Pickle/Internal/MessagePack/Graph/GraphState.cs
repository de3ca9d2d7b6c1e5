using System.Buffers;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// What one dump or load remembers while it runs: objects already written or loaded (with
/// <see cref="PickleOptions.PreserveReferences"/>), the type names already written or read, and the type policy.
/// Everything here is bounded by the value being dumped or by the bytes being loaded.
/// </summary>
internal sealed class GraphState
{
    private readonly PickleOptions _options;
    private readonly ConverterResolver? _converters;
    private Dictionary<object, int>? _written;
    private Dictionary<Type, int>? _writtenTypes;
    private Dictionary<int, object?>? _loaded;
    private List<(Type? Type, string Name)>? _loadedTypes;
    private ArrayBufferWriter<byte>? _scratch;
    private TypePolicy? _policy;
    private DumpPath? _dumpPath;

    public GraphState(PickleOptions options, ConverterResolver? converters)
    {
        _options = options;
        _converters = converters;
        PreserveReferences = options.PreserveReferences;
    }

    public bool PreserveReferences { get; }

    /// <summary>The dump's own payload buffer, into which large blocks of arrays may be appended by reference; <see langword="null"/> on loads.</summary>
    public SegmentedBuffer? BorrowingBuffer { get; init; }

    /// <summary>The check of a large payload in memory that this load runs while it reads, if any.</summary>
    public PayloadVerifier? Verifier { get; init; }

    /// <summary>The id of the object being loaded whose contents come next, or -1.</summary>
    public int PendingId { get; set; } = -1;

    public TypePolicy Policy => _policy ??= TypePolicy.For(_options);

    /// <summary>
    /// The root of a dump that is written with its type (an instance of a class written by field), and the type the
    /// dump declared for it, which a load of the same type expects there; <see langword="null"/> otherwise.
    /// </summary>
    public (object Value, Type Declared)? DumpRoot { get; set; }

    /// <summary>The objects this dump is inside of, for its depth limit and cycle reports.</summary>
    public DumpPath DumpPath => _dumpPath ??= new DumpPath();

    public ArrayBufferWriter<byte> Scratch
    {
        get
        {
            _scratch ??= new ArrayBufferWriter<byte>(64);
            _scratch.ResetWrittenCount();
            return _scratch;
        }
    }

    public IMessagePackFormatter<T>? ConverterFor<T>() => _converters?.Find<T>();

    /// <summary>Registers an object being written; false with its id if it was written before.</summary>
    public bool TryAddWritten(object value, out int id)
    {
        _written ??= new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        if (_written.TryGetValue(value, out id))
        {
            return false;
        }

        id = _written.Count;
        _written.Add(value, id);
        return true;
    }

    /// <summary>The index of a type already named in this payload, or a new index for it.</summary>
    public bool TryAddWrittenType(Type type, out int index)
    {
        _writtenTypes ??= [];
        if (_writtenTypes.TryGetValue(type, out index))
        {
            return false;
        }

        index = _writtenTypes.Count;
        _writtenTypes.Add(type, index);
        return true;
    }

    /// <summary>How many closed generic types this load has made that no payload made before (see <see cref="TypeTags"/>).</summary>
    public int NewGenericTypes { get; set; }

    /// <summary>Remembers a type this payload names; a payload that names more than <see cref="TypeTags.MaxNamesPerPayload"/> is refused.</summary>
    public void AddLoadedType(Type? type, string name)
    {
        _loadedTypes ??= [];
        if (_loadedTypes.Count == TypeTags.MaxNamesPerPayload)
        {
            throw new PickleException(
                $"The pickle names more than {TypeTags.MaxNamesPerPayload:N0} types. Pickle names each type once per pickle and refers back to it, " +
                "so no value it writes has that many; the file was not written by Pickle, or it is hostile.");
        }

        _loadedTypes.Add((type, name));
    }

    /// <summary>A type named earlier in the payload: the type, or <see langword="null"/> and its name if no loaded assembly has it.</summary>
    public (Type? Type, string? Unresolved)? LoadedType(int index) =>
        _loadedTypes is { } types && (uint)index < (uint)types.Count ? (types[index].Type, types[index].Type is null ? types[index].Name : null) : null;

    /// <summary>Starts loading the object with this id; its value is set by <see cref="Created"/> or <see cref="Complete"/>.</summary>
    public void Reserve(int id)
    {
        _loaded ??= [];
        if (!_loaded.TryAdd(id, null))
        {
            throw new PickleException(
                $"The pickle defines object #{id} twice. The file is damaged or was not written by Pickle; load it only if it comes from a trusted writer.");
        }
    }

    public void Complete(int id, object? value)
    {
        if (_loaded is not null && _loaded.TryGetValue(id, out var known) && known is null)
        {
            _loaded[id] = value;
        }
    }

    public object Loaded(int id, Type expected)
    {
        if (_loaded is null || !_loaded.TryGetValue(id, out var value))
        {
            throw new PickleException(
                $"The pickle refers back to object #{id}, which it has not defined before. The file is damaged or was not written by Pickle.");
        }

        if (value is null)
        {
            throw new PickleException(
                $"The pickle refers back to object #{id} from inside that object, but a {TypeNames.Of(expected)} cannot hold a reference to itself " +
                "before it is complete (only classes, arrays, List<T> and Dictionary<TKey, TValue> can be part of a cycle). Break the cycle before dumping.");
        }

        if (!expected.IsInstanceOfType(value))
        {
            throw new PickleException(
                $"The pickle refers back to object #{id}, a {TypeNames.Of(value.GetType())}, where a {TypeNames.Of(expected)} is expected. The file is damaged or was not written from these types.");
        }

        return value;
    }

    /// <summary>Called by formatters as soon as they have created the object they are loading, before its contents.</summary>
    public static void Created(global::MessagePack.MessagePackSerializerOptions options, object value)
    {
        if (GraphOptions.StateOf(options) is { PendingId: >= 0 } state)
        {
            state._loaded![state.PendingId] = value;
            state.PendingId = -1;
        }
    }
}
