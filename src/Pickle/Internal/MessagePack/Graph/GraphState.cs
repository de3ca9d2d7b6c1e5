using System.Buffers;
using System.Runtime.InteropServices;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// What one dump or load remembers while it runs: objects already written or loaded (with
/// <see cref="PickleOptions.PreserveReferences"/>), the type names already written or read, and the type policy.
/// Everything here is bounded by the value being dumped or by the bytes being loaded.
/// </summary>
internal sealed class GraphState
{
    private PickleOptions _options;
    private ConverterResolver? _converters;
    private WrittenObjects? _written;
    private Dictionary<Type, int>? _writtenTypes;
    private Dictionary<int, LoadedObject>? _loaded;
    private readonly LoadedObjects _numbered = new();
    private int _loading;
    private KeyFixups? _fixups;
    private List<(Type? Type, string Name)>? _loadedTypes;
    private ArrayBufferWriter<byte>? _scratch;
    private TypePolicy? _policy;
    private DumpPath? _dumpPath;
    private DeserializationCallbacks? _deserializationCallbacks;
    private AllocationBudget? _ownBudget;

    /// <summary>The most entries an object table may have had for a call to empty and keep it for the next (<see cref="Empty"/>).</summary>
    private const int ReusedEntries = 1024;

    public GraphState(PickleOptions options, ConverterResolver? converters, SegmentedBuffer? borrowingBuffer = null, PayloadVerifier? verifier = null, bool numbersObjects = false, bool keysOnce = false)
    {
        _options = options;
        Start(options, converters, borrowingBuffer, verifier, numbersObjects, keysOnce);
    }

    public bool PreserveReferences { get; private set; }

    /// <summary>
    /// Whether the payload's objects are numbered in the order they start, on dump and on load alike (from format
    /// version 3 on), so that only a back-reference writes a number; before, each object's header gave its id.
    /// </summary>
    public bool NumbersObjects { get; private set; }

    /// <summary>
    /// Whether the payload may write a list's field keys once, in its first record (from format version 5 on); a
    /// load of an earlier version refuses such a list, which no writer of that version made.
    /// </summary>
    public bool KeysOnce { get; private set; }

    /// <summary>The options' <see cref="PickleOptions.TypeAliases"/>, or <see langword="null"/> if there are none, for <see cref="TypeTags.Resolve"/>.</summary>
    public IReadOnlyDictionary<string, Type>? TypeAliases { get; private set; }

    /// <summary>The dump's own payload buffer, into which large blocks of arrays may be appended by reference; <see langword="null"/> on loads.</summary>
    public SegmentedBuffer? BorrowingBuffer { get; private set; }

    /// <summary>The check of a large payload in memory that this load runs while it reads, if any.</summary>
    public PayloadVerifier? Verifier { get; private set; }

    /// <summary>What this load may still allocate for counts read from the payload; <see langword="null"/> on dumps.</summary>
    public AllocationBudget? Budget { get; private set; }

    /// <summary>
    /// Gives a state as new (just made, or emptied by <see cref="Empty"/>) the settings of the call it is for. Only
    /// the settings are set here: all a call remembers is forgotten when it ends, in <see cref="Empty"/>.
    /// </summary>
    public void Start(PickleOptions options, ConverterResolver? converters, SegmentedBuffer? borrowingBuffer, PayloadVerifier? verifier, bool numbersObjects, bool keysOnce = false)
    {
        // A state as new holds null in every reference set here, so only what is not null is written; its options are
        // the default ones, which most calls use.
        if (!ReferenceEquals(_options, options))
        {
            _options = options;
        }

        NumbersObjects = numbersObjects;
        KeysOnce = keysOnce;
        PreserveReferences = options.PreserveReferences;
        if (converters is not null)
        {
            _converters = converters;
        }

        if (options.TypeAliases.Count > 0)
        {
            TypeAliases = options.TypeAliases;
        }

        if (borrowingBuffer is not null)
        {
            BorrowingBuffer = borrowingBuffer;
        }

        if (verifier is not null)
        {
            Verifier = verifier;
        }
    }

    /// <summary>
    /// Ends the call this state was for and makes it as new: everything the call remembered is forgotten, its
    /// settings included, and only what holds none of its objects is kept to be reused (an empty dump path, small
    /// object tables emptied, the budget's own object). The next call gives it its settings with <see cref="Start"/>.
    /// </summary>
    public void Empty()
    {
        if (!ReferenceEquals(_options, PickleOptions.Default))
        {
            _options = PickleOptions.Default;
        }

        NumbersObjects = false;
        KeysOnce = false;
        _numbered.Release();

        _converters = null;
        PreserveReferences = false;
        TypeAliases = null;
        BorrowingBuffer = null;
        Verifier = null;
        Budget = null;
        PendingId = -1;
        NewGenericTypes = 0;
        IncompleteReads = 0;
        _written?.Release();
        _deserializationCallbacks = null;
        if (_writtenTypes is { Count: > 0 })
        {
            _writtenTypes = Emptied(_writtenTypes);
        }

        if (_loaded is { Count: > 0 })
        {
            _loaded = Emptied(_loaded);
        }

        _loading = 0;
        _fixups = null;
        _loadedTypes = null;
        _scratch = null;
        _policy = null;
        if (_dumpPath is { Depth: not 0 })
        {
            _dumpPath = null;
        }
    }

    /// <summary>
    /// <paramref name="table"/> emptied, to be reused by the next call, if it held at most <see cref="ReusedEntries"/>
    /// entries; else <see langword="null"/>, so that a large table is not kept.
    /// </summary>
    private static Dictionary<TKey, TValue>? Emptied<TKey, TValue>(Dictionary<TKey, TValue>? table)
        where TKey : notnull
    {
        if (table is not { Count: <= ReusedEntries })
        {
            return null;
        }

        table.Clear();
        return table;
    }

    /// <summary>The id of the object being loaded whose contents come next, or -1.</summary>
    public int PendingId { get; set; } = -1;

    /// <summary>Starts this load's allocation budget for a payload of <paramref name="payloadLength"/> bytes (or goes on with the frame's, for a decompressed one).</summary>
    public void StartBudget(long payloadLength) => Budget = AllocationBudget.For(_options, payloadLength, ref _ownBudget);

    public TypePolicy Policy => _policy ??= TypePolicy.For(_options);

    /// <summary>The objects this dump is inside of, for its depth limit and cycle reports.</summary>
    public DumpPath DumpPath => _dumpPath ??= new DumpPath();

    /// <summary>The <see cref="System.Runtime.Serialization.IDeserializationCallback"/> objects this load tells once it is done.</summary>
    public DeserializationCallbacks DeserializationCallbacks => _deserializationCallbacks ??= new DeserializationCallbacks();

    /// <summary>Tells the load's <see cref="System.Runtime.Serialization.IDeserializationCallback"/> objects that the whole graph is loaded.</summary>
    public void EndLoad() => _deserializationCallbacks?.RunAll();

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

    /// <summary>
    /// Registers an object being written, numbering it in the order objects are first written (as the load numbers
    /// them: <see cref="ReserveNext"/>); false with its number if it was written before.
    /// </summary>
    public bool TryAddWritten(object value, out int id) => (_written ??= new WrittenObjects()).TryAdd(value, out id);

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

    /// <summary>
    /// How many back-references this load has read to objects still being loaded. A collection that hashes or sorts
    /// its keys compares it before and after reading a key: if it changed, the key is, or holds, an object that is
    /// not complete yet, and is added once it is (<see cref="Defer"/>).
    /// </summary>
    public int IncompleteReads { get; private set; }

    /// <summary>
    /// Starts loading an object that carries no id of its own, and returns the number it has: the objects of a payload
    /// are numbered in the order they start, as the dump numbered them (<see cref="TryAddWritten"/>). Returns -1 in a
    /// payload whose headers give their objects' ids (<see cref="NumbersObjects"/> is false), where such an object
    /// cannot be referred back to.
    /// </summary>
    public int ReserveNext()
    {
        if (!NumbersObjects)
        {
            return -1;
        }

        _loading++;
        return _numbered.Add();
    }

    /// <summary>Starts loading the object with the id its header gives; its value is set by <see cref="Created"/> or <see cref="Complete"/>.</summary>
    public void Reserve(int id)
    {
        if (NumbersObjects)
        {
            throw new PickleException(
                $"The pickle gives an object the id #{id} in its header, but in this format version objects are numbered in order and no header has an id. " +
                "The file is damaged or was not written by Pickle.");
        }

        _loaded ??= [];
        if (!_loaded.TryAdd(id, default))
        {
            throw new PickleException(
                $"The pickle defines object #{id} twice. The file is damaged or was not written by Pickle; load it only if it comes from a trusted writer.");
        }

        _loading++;
    }

    /// <summary>Ends loading the object with this id; when no object is still loading, runs the work <see cref="Defer"/> kept.</summary>
    public void Complete(int id, object? value)
    {
        ref var entry = ref Entry(id);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || entry.IsComplete)
        {
            return;
        }

        entry.Value ??= value;
        entry.IsComplete = true;
        if (--_loading == 0 && _fixups is not null)
        {
            _fixups.Run();
        }
    }

    /// <summary>Keeps work to do once every object being loaded now is complete: filling a collection whose keys are not.</summary>
    public void Defer(Action fixup) => (_fixups ??= new KeyFixups()).Add(fixup);

    /// <summary>
    /// Replaces the object with this id, loaded as an <see cref="System.Runtime.Serialization.IObjectReference"/>, by its
    /// real object, before <see cref="Complete"/>; a <see cref="PickleException"/> if a reference to it was read while
    /// it was loading, which would hold the wrong object.
    /// </summary>
    public void Replace(int id, object real)
    {
        ref var entry = ref Entry(id);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry) || entry.IsComplete)
        {
            return;
        }

        if (entry.HandedOut && entry.Value is { } holder && !ReferenceEquals(holder, real))
        {
            throw SerializableErrors.ReferenceToHolder(holder.GetType());
        }

        entry.Value = real;
    }

    public object Loaded(int id, Type expected)
    {
        ref var entry = ref Entry(id);
        if (System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
        {
            throw new PickleException(
                $"The pickle refers back to object #{id}, which it has not defined before. The file is damaged or was not written by Pickle.");
        }

        var value = entry.Value;
        if (value is null)
        {
            throw new PickleException(
                $"The pickle refers back to object #{id} from inside that object, but a {TypeNames.Of(expected)} cannot hold a reference to itself " +
                "before it is complete (only classes, arrays, List<T>, Dictionary<TKey, TValue>, HashSet<T>, SortedSet<T>, SortedDictionary<TKey, TValue>, " +
                "SortedList<TKey, TValue> and ConcurrentDictionary<TKey, TValue> can be part of a cycle). Break the cycle before dumping.");
        }

        if (!expected.IsInstanceOfType(value))
        {
            throw new PickleException(
                $"The pickle refers back to object #{id}, a {TypeNames.Of(value.GetType())}, where a {TypeNames.Of(expected)} is expected. The file is damaged or was not written from these types.");
        }

        if (!entry.IsComplete)
        {
            IncompleteReads++;
            entry.HandedOut = true;
        }

        return value;
    }

    /// <summary>Called by formatters as soon as they have created the object they are loading, before its contents.</summary>
    public static void Created(global::MessagePack.MessagePackSerializerOptions options, object value)
    {
        if (GraphOptions.StateOf(options) is { PendingId: >= 0 } state)
        {
            state.Entry(state.PendingId).Value = value;
            state.PendingId = -1;
        }
    }

    /// <summary>The entry of an object of this load's table, or a null reference if the payload has not started it.</summary>
    private ref LoadedObject Entry(int id)
    {
        if (NumbersObjects)
        {
            return ref _numbered.Entry(id);
        }

        return ref _loaded is null ? ref System.Runtime.CompilerServices.Unsafe.NullRef<LoadedObject>() : ref CollectionsMarshal.GetValueRefOrNullRef(_loaded, id);
    }
}
