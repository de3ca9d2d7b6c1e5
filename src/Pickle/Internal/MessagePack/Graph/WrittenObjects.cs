using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in).
/// </summary>
/// <remarks>
/// <para>
/// The objects and their identity hashes lie in dense arrays, by number, written in order. Finding an object by
/// identity costs a random memory access into a table larger than the processor's caches, once per object of a large
/// graph, and most objects are written once; so a Bloom filter (<see cref="_seen"/>, two bits of one word per identity
/// hash, about a byte per object: small enough to stay in cache) answers first: a clear bit means the object was never
/// added, which is exact. Only where both bits are set (the object was added before, or other objects with hashes on
/// the same bits were) is the table of entries (an identity hash and a number) brought up to date with the objects
/// added since, in one tight loop whose memory accesses overlap, and searched.
/// </para>
/// <para>
/// All arrays are pooled, so that a dump that keeps references allocates nothing for it once the pool holds arrays of
/// its size, and go back to the pool when the dump ends, the objects cleared so the pool keeps none alive. The table
/// remembers how many objects the last dump wrote (a count, no object), and the first time a dump outgrows its first
/// small arrays they grow straight to that size; a small dump after a large one starts small all the same.
/// </para>
/// </remarks>
internal sealed class WrittenObjects
{
    /// <summary>The objects the first dense arrays of a dump hold, enough for small values.</summary>
    internal const int FirstObjects = 32;

    /// <summary>The most objects one dump numbers (a power of two): the table, at most half full, then has 2^30 entries.</summary>
    internal const int MaxObjects = 1 << 28;

    /// <summary>Bits of <see cref="_seen"/> per object the dense arrays hold (a power of two): about 1 in 50 new objects finds its bits set.</summary>
    private const int SeenBitsPerObject = 8;

    private Written[] _objects = [];
    private int[] _hashes = [];
    private int _room;
    private int _count;

    /// <summary>The filter: the bits of every identity hash added (<see cref="SeenBits"/>), a word picked by its top bits.</summary>
    private ulong[] _seen = [];
    private int _seenShift;

    /// <summary>The table: entries of the objects numbered below <see cref="_indexed"/>, by identity hash.</summary>
    private Entry[] _entries = [];
    private int _capacity;
    private int _shift;
    private int _indexed;

    private int _lastCount;

    /// <summary>How many objects the table holds.</summary>
    public int Count => _count;

    /// <summary>Adds <paramref name="value"/> with the next number; false with its number if it was added before.</summary>
    public bool TryAdd(object value, out int number)
    {
        if (_count == _room)
        {
            GrowObjects();
        }

        var hash = RuntimeHelpers.GetHashCode(value);
        var spread = Spread(hash);
        ref var word = ref _seen[(int)(spread >> _seenShift)];
        var bits = SeenBits(spread);
        if ((word & bits) != bits)
        {
            word |= bits;
            number = _count;
            _objects[number].Value = value;
            _hashes[number] = hash;
            _count = number + 1;
            return true;
        }

        return TryAddSeen(value, hash, out number);
    }

    /// <summary>
    /// Gives the arrays back to the pool (the objects cleared, so the pool keeps none alive) and remembers how many
    /// objects this dump wrote, for the next; the table is empty after.
    /// </summary>
    public void Release()
    {
        if (_objects.Length > 0)
        {
            _lastCount = _count;
            Array.Clear(_objects, 0, _count);
            ArrayPool<Written>.Shared.Return(_objects);
            ArrayPool<int>.Shared.Return(_hashes);
            ArrayPool<ulong>.Shared.Return(_seen);
        }

        if (_entries.Length > 0)
        {
            ArrayPool<Entry>.Shared.Return(_entries);
        }

        _objects = [];
        _hashes = [];
        _seen = [];
        _entries = [];
        _room = 0;
        _count = 0;
        _seenShift = 0;
        _capacity = 0;
        _shift = 0;
        _indexed = 0;
    }

    /// <summary>An identity hash spread over 64 bits by a multiplicative hash: its top bits pick a word of <see cref="_seen"/>, bits 20 to 31 two bits in it.</summary>
    private static ulong Spread(int hash) => (uint)hash * 0x9E3779B97F4A7C15ul;

    /// <summary>The two bits of a word of <see cref="_seen"/> that stand for a <see cref="Spread"/> hash (the same bit twice, at times).</summary>
    private static ulong SeenBits(ulong spread) => (1ul << (int)(spread >> 20)) | (1ul << (int)(spread >> 26));

    /// <summary>The home slot of an identity hash in a table of <c>2^(32 - shift)</c> entries: its top bits after a multiplicative (Fibonacci) hash.</summary>
    private static int Home(int hash, int shift) => (int)((uint)hash * 0x9E3779B9u >> shift);

    /// <summary>The power of two of objects, at least <see cref="FirstObjects"/>, that holds <paramref name="count"/>.</summary>
    private static int ObjectsFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, FirstObjects));

    /// <summary>
    /// <see cref="TryAdd"/> for an object whose bit is set: the table is brought up to date and searched, and the
    /// object is added to it if it is not there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAddSeen(object value, int hash, out int number)
    {
        Index(_count + 1);
        var entries = _entries;
        var mask = _capacity - 1;
        for (var slot = Home(hash, _shift); ; slot = (slot + 1) & mask)
        {
            ref var entry = ref entries[slot];
            if (entry.Number == 0)
            {
                number = _count;
                _objects[number].Value = value;
                _hashes[number] = hash;
                _count = _indexed = number + 1;
                entry.Hash = hash;
                entry.Number = number + 1;
                return true;
            }

            if (entry.Hash == hash && ReferenceEquals(_objects[entry.Number - 1].Value, value))
            {
                number = entry.Number - 1;
                return false;
            }
        }
    }

    /// <summary>
    /// Makes the table hold every object added so far, with room for <paramref name="count"/> objects at most half
    /// full: the objects added since it was last brought up to date are entered in order, or, if it is too small, a
    /// table twice the size is built from all of them.
    /// </summary>
    private void Index(int count)
    {
        var from = _indexed;
        if (count >= _capacity >> 1)
        {
            // Built for as many objects as the dense arrays hold, it is rebuilt only if they grow.
            var capacity = Math.Max(_capacity * 2, (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, _room) * 2));
            if (_entries.Length > 0)
            {
                ArrayPool<Entry>.Shared.Return(_entries);
            }

            _entries = ArrayPool<Entry>.Shared.Rent(capacity);
            Array.Clear(_entries, 0, capacity);
            _capacity = capacity;
            _shift = 32 - BitOperations.Log2((uint)capacity);
            from = 0;
        }

        // Each entry is found by its hash alone (objects are not looked at), so the loop's loads do not wait on each other.
        var entries = _entries;
        var hashes = _hashes;
        var mask = _capacity - 1;
        for (var number = from; number < _count; number++)
        {
            var hash = hashes[number];
            var slot = Home(hash, _shift);
            while (entries[slot].Number != 0)
            {
                slot = (slot + 1) & mask;
            }

            entries[slot] = new Entry { Hash = hash, Number = number + 1 };
        }

        _indexed = _count;
    }

    /// <summary>
    /// Makes room in the dense arrays for more objects than they hold (straight to the last dump's count the first
    /// time they outgrow their first size), with a <see cref="_seen"/> to match, set again from the hashes.
    /// </summary>
    private void GrowObjects()
    {
        if (_count >= MaxObjects)
        {
            throw new PickleException(
                $"The value holds more than {MaxObjects:N0} objects, more than one pickle numbers with PickleOptions.PreserveReferences; dump it in parts.");
        }

        var length = _objects.Length == 0 ? FirstObjects
            : Math.Min(MaxObjects, Math.Max(ObjectsFor(_count + 1), _room == FirstObjects ? ObjectsFor(_lastCount) : 0));
        var objects = ArrayPool<Written>.Shared.Rent(length);
        var hashes = ArrayPool<int>.Shared.Rent(length);
        Array.Copy(_objects, objects, _count);
        Array.Copy(_hashes, hashes, _count);
        if (_objects.Length > 0)
        {
            Array.Clear(_objects, 0, _count);
            ArrayPool<Written>.Shared.Return(_objects);
            ArrayPool<int>.Shared.Return(_hashes);
            ArrayPool<ulong>.Shared.Return(_seen);
        }

        // The bits are set again from the hashes, so a rented array of any length still holds whole objects' bits.
        _objects = objects;
        _hashes = hashes;
        _room = Math.Min(Math.Min(objects.Length, hashes.Length), MaxObjects);
        var wordsLog2 = BitOperations.Log2((uint)_room) + BitOperations.Log2(SeenBitsPerObject) - 6;
        _seen = ArrayPool<ulong>.Shared.Rent(1 << wordsLog2);
        Array.Clear(_seen, 0, 1 << wordsLog2);
        _seenShift = 64 - wordsLog2;
        for (var number = 0; number < _count; number++)
        {
            var spread = Spread(hashes[number]);
            _seen[(int)(spread >> _seenShift)] |= SeenBits(spread);
        }
    }

    /// <summary>An object written, in a struct so that storing it into the pooled array needs no array type check.</summary>
    private struct Written
    {
        public object? Value;
    }

    /// <summary>An entry of the table: an object's identity hash and its number plus one (0 for an empty entry).</summary>
    private struct Entry
    {
        public int Hash;
        public int Number;
    }
}
