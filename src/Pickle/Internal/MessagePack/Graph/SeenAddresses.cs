using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Which objects a dump has written, by where they lie in memory: one bit per 8 bytes of the heap, for as long as no
/// garbage collection has run since the table started (a collection may move objects, and then an address says
/// nothing).
/// </summary>
/// <remarks>
/// <para>
/// A dump walks a value's objects mostly in the order they were allocated, which is the order they lie in, so the bits
/// of consecutive objects lie side by side: the bits are touched in order, where a filter by identity hash is touched
/// at random, one line the caches do not hold per object of a large dump. The bits are kept by chunk of
/// <see cref="ChunkBytes"/> of the heap (<see cref="WordsPerChunk"/> words each), found by a small table by chunk;
/// the last chunk is remembered, since the next object is most often in it.
/// </para>
/// <para>
/// An answer holds only if no collection has run since <see cref="Start"/>: every answer reads
/// <see cref="GC.CollectionCount(int)"/> after the object's address, and is <see cref="Seen.Unknown"/> if it moved.
/// It is also <see cref="Seen.Unknown"/> once the value's objects are spread over more chunks than the bound given to
/// <see cref="Start"/>, which keeps the bits' memory in proportion to the objects. After an unknown answer the owner
/// (<see cref="WrittenObjects"/>) turns to its identity hashes for the rest of the dump.
/// </para>
/// </remarks>
internal sealed class SeenAddresses
{
    /// <summary>Bytes of the heap one chunk of bits covers (a power of two).</summary>
    internal const int ChunkBytes = 1 << ChunkShift;

    /// <summary>Words of bits per chunk: one bit for each 8 bytes, where an object can start.</summary>
    internal const int WordsPerChunk = ChunkBytes / 8 / 64;

    private const int ChunkShift = 16;
    private const int GranuleShift = 3;
    private const int GranulesPerChunk = ChunkBytes >> GranuleShift;

    /// <summary>By a hash of a chunk's number: the number plus one (0 for a free place).</summary>
    private long[] _keys = [];

    /// <summary>The first word in <see cref="_bits"/> of the chunk whose key lies at the same place in <see cref="_keys"/>.</summary>
    private int[] _starts = [];

    private ulong[] _bits = [];
    private int _chunks;
    private int _maxChunks;
    private int _keyShift;
    private long _lastKey;
    private int _lastStart;
    private int _collections;

    /// <summary>What <see cref="TestAndSet"/> found.</summary>
    internal enum Seen
    {
        /// <summary>The object's bit was clear (it was never added), and is set now.</summary>
        New,

        /// <summary>The object's bit was set: it was added before.</summary>
        Added,

        /// <summary>A collection has run since the start, or the objects lie in too many chunks: the bits cannot tell.</summary>
        Unknown,
    }

    /// <summary>Whether the bits answer (between <see cref="Start"/> and the first unknown answer or <see cref="Release"/>).</summary>
    public bool IsOn { get; private set; }

    /// <summary>Starts with no bit set, to answer until a collection runs or more than <paramref name="maxChunks"/> chunks are needed.</summary>
    public void Start(int maxChunks)
    {
        _collections = GC.CollectionCount(0);
        _maxChunks = maxChunks;
        _keys = ArrayPool<long>.Shared.Rent(64);
        Array.Clear(_keys);
        _starts = ArrayPool<int>.Shared.Rent(_keys.Length);
        _keyShift = 64 - BitOperations.Log2((uint)_keys.Length);
        _bits = ArrayPool<ulong>.Shared.Rent(WordsPerChunk * 8);
        _chunks = 0;
        _lastKey = 0;
        IsOn = true;
    }

    /// <summary>Raises the bound on chunks (for a table that has grown).</summary>
    public void Allow(int maxChunks) => _maxChunks = Math.Max(_maxChunks, maxChunks);

    /// <summary>Sets <paramref name="value"/>'s bit, and says whether it was set before (or that the bits cannot tell).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Seen TestAndSet(object value)
    {
        var address = (ulong)Unsafe.As<object, nint>(ref value);
        var key = (long)(address >> ChunkShift) + 1;
        if (key != _lastKey && !Locate(key))
        {
            return Seen.Unknown;
        }

        var granule = (int)(address >> GranuleShift) & (GranulesPerChunk - 1);
        ref var word = ref _bits[_lastStart + (granule >> 6)];
        var bit = 1ul << granule;

        // Read after the address: a collection between the two moved it, and shows here.
        if (GC.CollectionCount(0) != _collections)
        {
            return Seen.Unknown;
        }

        if ((word & bit) != 0)
        {
            return Seen.Added;
        }

        word |= bit;
        return Seen.New;
    }

    /// <summary>Gives the arrays back to the pool; the bits answer nothing until the next <see cref="Start"/>.</summary>
    public void Release()
    {
        if (_keys.Length > 0)
        {
            ArrayPool<long>.Shared.Return(_keys);
            ArrayPool<int>.Shared.Return(_starts);
            ArrayPool<ulong>.Shared.Return(_bits);
        }

        _keys = [];
        _starts = [];
        _bits = [];
        _chunks = 0;
        _lastKey = 0;
        IsOn = false;
    }

    /// <summary>Makes the chunk of <paramref name="key"/> the last one, with a new chunk of clear bits if it has none; false past the bound.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool Locate(long key)
    {
        var mask = _keys.Length - 1;
        for (var at = Place(key); ; at = (at + 1) & mask)
        {
            if (_keys[at] == key)
            {
                _lastKey = key;
                _lastStart = _starts[at];
                return true;
            }

            if (_keys[at] == 0)
            {
                if (_chunks >= _maxChunks)
                {
                    return false;
                }

                var start = AddChunk();
                if ((_chunks + 1) * 2 > _keys.Length)
                {
                    Rehash();
                    at = Place(key);
                    while (_keys[at] != 0)
                    {
                        at = (at + 1) & (_keys.Length - 1);
                    }
                }

                _keys[at] = key;
                _starts[at] = start;
                _chunks++;
                _lastKey = key;
                _lastStart = start;
                return true;
            }
        }
    }

    private int Place(long key) => (int)(((ulong)key * 0x9E3779B97F4A7C15ul) >> _keyShift);

    /// <summary>The first word of a new chunk of clear bits (the arena doubled if it is full).</summary>
    private int AddChunk()
    {
        var start = _chunks * WordsPerChunk;
        if (start + WordsPerChunk > _bits.Length)
        {
            var bits = ArrayPool<ulong>.Shared.Rent(_bits.Length * 2);
            Array.Copy(_bits, bits, start);
            ArrayPool<ulong>.Shared.Return(_bits);
            _bits = bits;
        }

        Array.Clear(_bits, start, WordsPerChunk);
        return start;
    }

    /// <summary>Doubles the table of chunks, each key placed again.</summary>
    private void Rehash()
    {
        var oldKeys = _keys;
        var oldStarts = _starts;
        _keys = ArrayPool<long>.Shared.Rent(oldKeys.Length * 2);
        Array.Clear(_keys);
        _starts = ArrayPool<int>.Shared.Rent(_keys.Length);
        _keyShift = 64 - BitOperations.Log2((uint)_keys.Length);
        var mask = _keys.Length - 1;
        for (var old = 0; old < oldKeys.Length; old++)
        {
            if (oldKeys[old] != 0)
            {
                var at = Place(oldKeys[old]);
                while (_keys[at] != 0)
                {
                    at = (at + 1) & mask;
                }

                _keys[at] = oldKeys[old];
                _starts[at] = oldStarts[old];
            }
        }

        ArrayPool<long>.Shared.Return(oldKeys);
        ArrayPool<int>.Shared.Return(oldStarts);
    }
}
