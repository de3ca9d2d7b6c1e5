using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in).
/// </summary>
/// <remarks>
/// <para>
/// A large dump spends its time on memory the processor's caches do not hold, so the table touches, for each object,
/// only memory that lies in order or stays in cache. Once a dump holds room for <see cref="AddressesFrom"/> objects, the
/// objects' addresses answer first (<see cref="SeenAddresses"/>): a dump walks objects mostly in the order they lie in memory,
/// so their bits are touched in order, and a clear bit means the object was never added, which is exact while no
/// garbage collection has moved objects. The object is then only numbered, in the dense array by number. The index by
/// identity hash (the partitions of <c>WrittenObjects.Partitions.cs</c>) is filled in only when it is needed: when an
/// object's bit is set (it was added before, and its number is found by its hash), or when the addresses can no longer
/// tell (a collection has run, or the objects lie spread over too much memory). In the second case, for the rest of
/// the dump, a Bloom filter by identity hash answers first (<see cref="_seen"/>: three bits of one word per identity
/// hash, half a byte per object), a clear bit again exact and the answer for most objects, and every object is
/// appended to its partition as it is added.
/// </para>
/// <para>
/// The arrays past the first small ones are pooled, so that a dump that keeps references allocates nothing for it once
/// the pool holds arrays of its size, and go back to the pool when the dump ends, the objects cleared (in the first
/// arrays too) so that neither keeps any alive. The table
/// remembers how many objects the last dump wrote (a count, no object), and the first time a dump outgrows its first
/// small arrays they grow straight to that size; a small dump after a large one starts small all the same. The first
/// small arrays belong to the table, which a call's state keeps from one call to the next, so that a small dump takes
/// nothing from the pool; and a dump's first <see cref="FewObjects"/> objects are found by reference alone, with no
/// hash, so that a small value's dump touches no filter or partition at all.
/// </para>
/// </remarks>
internal sealed partial class WrittenObjects
{
    /// <summary>The objects the first arrays of a dump hold, enough for small values.</summary>
    internal const int FirstObjects = 32;

    /// <summary>The objects a dump finds by reference alone, before any is hashed: enough for a small value.</summary>
    internal const int FewObjects = 8;

    /// <summary>
    /// The room from which the objects' addresses answer first (a power of two): below it the filter by identity hash
    /// (half a byte per object) stays in cache, and the addresses' arrays would cost a small dump more than they save.
    /// </summary>
    internal const int AddressesFrom = 1024;

    /// <summary>The most objects one dump numbers (a power of two).</summary>
    internal const int MaxObjects = 1 << 28;

    /// <summary>
    /// Bits of <see cref="_seen"/> per object the dense arrays hold (a power of two): small enough that the filter stays
    /// in cache, at the price of about 3 in 100 new objects, in a dump of some hundred thousand, finding their bits set.
    /// </summary>
    private const int SeenBitsPerObject = 4;

    private Written[] _objects = [];
    private int _room;
    private int _count;

    /// <summary>How many of the first objects are in the partitions (all of them, but while the addresses answer).</summary>
    private int _indexed;

    /// <summary>The filter: the bits of every identity hash added (<see cref="SeenBits"/>), in a word picked by its top bits.</summary>
    private ulong[] _seen = [];
    private int _seenShift;

    private int _lastCount;

    /// <summary>Whether the addresses could no longer tell in this dump, so that they do not answer again until it ends.</summary>
    private bool _leftAddresses;

    /// <summary>Which objects were added, by address: asked before the filter, for as long as it can tell.</summary>
    private readonly SeenAddresses _addresses = new();

    /// <summary>The arrays of a dump's first <see cref="FirstObjects"/> objects, kept from one dump to the next rather than pooled.</summary>
    private readonly Written[] _firstObjects = new Written[FirstObjects];
    private readonly ulong[] _firstSeen = new ulong[FirstObjects * SeenBitsPerObject / 64];
    private readonly int[] _firstHashes = new int[FirstObjects];
    private readonly int[] _firstNumbers = new int[FirstObjects];
    private readonly int[] _firstFilled = new int[1];

    /// <summary>How many objects the table holds.</summary>
    public int Count => _count;

    /// <summary>Adds <paramref name="value"/> with the next number; false with its number if it was added before.</summary>
    public bool TryAdd(object value, out int number)
    {
        if (_room == 0)
        {
            // A small dump's objects (a list of numbers, a settings object) are found by reference among the few in
            // the first array, with no hash; the first time there are more, they are hashed and indexed (Grow).
            var few = _firstObjects;
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(few[i].Value, value))
                {
                    number = i;
                    return false;
                }
            }

            if (_count < FewObjects)
            {
                few[_count].Value = value;
                number = _count++;
                return true;
            }

            Grow();
        }
        else if (_count == _room)
        {
            Grow();
        }

        if (_addresses.IsOn)
        {
            var seen = _addresses.TestAndSet(value);
            if (seen == SeenAddresses.Seen.New)
            {
                // Numbered only: its hash is indexed when an object is first found again (IndexAll).
                number = _count;
                _objects[number].Value = value;
                _count = number + 1;
                return true;
            }

            if (seen == SeenAddresses.Seen.Added)
            {
                IndexAll();
                return TryAddSeen(value, RuntimeHelpers.GetHashCode(value), out number);
            }

            LeaveAddresses();
        }

        var hash = RuntimeHelpers.GetHashCode(value);
        var spread = Spread(hash);
        ref var word = ref _seen[(int)(spread >> _seenShift)];
        var bits = SeenBits(spread);
        if ((word & bits) != bits)
        {
            word |= bits;
            number = Add(value, hash);
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
        if (_room == 0)
        {
            Array.Clear(_firstObjects, 0, _count);
        }
        else
        {
            _lastCount = _count;
            Array.Clear(_objects, 0, _count);
            Return(_objects, _firstObjects);
            Return(_seen, _firstSeen);
            ReturnPartitions();
            _addresses.Release();
        }

        _objects = [];
        _seen = [];
        _room = 0;
        _count = 0;
        _indexed = 0;
        _leftAddresses = false;
        _seenShift = 0;
    }

    /// <summary>An identity hash spread over 64 bits by a multiplicative hash: its top bits pick a word of <see cref="_seen"/>, bits 14 to 31 three bits in it.</summary>
    private static ulong Spread(int hash) => (uint)hash * 0x9E3779B97F4A7C15ul;

    /// <summary>The three bits of a word of <see cref="_seen"/> that stand for a <see cref="Spread"/> hash (the same bit twice, at times).</summary>
    private static ulong SeenBits(ulong spread) =>
        (1ul << (int)(spread >> 14)) | (1ul << (int)(spread >> 20)) | (1ul << (int)(spread >> 26));

    /// <summary>The power of two of objects, at least <see cref="FirstObjects"/>, that holds <paramref name="count"/>.</summary>
    private static int ObjectsFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, FirstObjects));

    /// <summary>Adds an object not in the table (its bits set already) with the next number, which it returns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Add(object value, int hash)
    {
        var number = _count;
        Index(hash, number);
        _objects[number].Value = value;
        _count = number + 1;
        _indexed = _count;
        return number;
    }

    /// <summary>
    /// Makes room for more objects than the dense arrays hold (straight to the last dump's count the first time they
    /// outgrow their first size), with partitions to match, laid out again from the hashes, and a filter set again from
    /// them unless the addresses answer (from a room of <see cref="AddressesFrom"/> objects on).
    /// </summary>
    private void Grow()
    {
        if (_count >= MaxObjects)
        {
            throw new PickleException(
                $"The value holds more than {MaxObjects:N0} objects, more than one pickle numbers with PickleOptions.PreserveReferences; dump it in parts.");
        }

        if (_room == 0)
        {
            _objects = _firstObjects;
            _room = FirstObjects;
            _seen = _firstSeen;
            Array.Clear(_seen);
            _seenShift = 64 - BitOperations.Log2((uint)_seen.Length);
            Partition(1, FirstObjects);

            // The few objects found by reference until now are hashed and indexed as every later one is.
            for (var number = 0; number < _count; number++)
            {
                var hash = RuntimeHelpers.GetHashCode(_objects[number].Value!);
                var spread = Spread(hash);
                _seen[(int)(spread >> _seenShift)] |= SeenBits(spread);
                Index(hash, number);
            }

            _indexed = _count;
            return;
        }

        var length = Math.Min(MaxObjects, Math.Max(ObjectsFor(_count + 1), _room == FirstObjects ? ObjectsFor(_lastCount) : 0));
        var objects = ArrayPool<Written>.Shared.Rent(length);
        Array.Copy(_objects, objects, _count);
        Array.Clear(_objects, 0, _count);
        Return(_objects, _firstObjects);
        Return(_seen, _firstSeen);
        _seen = [];
        _objects = objects;
        _room = Math.Min(objects.Length, MaxObjects);

        var partitions = PartitionsFor(_room);
        var perPartition = _room / partitions;
        Partition(partitions, partitions == 1 ? _room : perPartition + (perPartition / 4) + 64);
        if (_addresses.IsOn)
        {
            _addresses.Allow(ChunksFor(_room));
        }
        else if (!_leftAddresses && _room >= AddressesFrom)
        {
            StartAddresses();
        }

        if (!_addresses.IsOn)
        {
            FillSeen();
        }
    }

    /// <summary>The chunks of <see cref="SeenAddresses"/> a table of <paramref name="room"/> objects may use: at most 2 bytes of bits per object.</summary>
    private static int ChunksFor(int room) => Math.Max(16, room * 2 / (SeenAddresses.WordsPerChunk * sizeof(ulong)));

    /// <summary>Has the objects' addresses answer first, with the bits of the objects added so far set (unless they cannot tell already).</summary>
    private void StartAddresses()
    {
        _addresses.Start(ChunksFor(_room));
        for (var number = 0; number < _count; number++)
        {
            if (_addresses.TestAndSet(_objects[number].Value!) == SeenAddresses.Seen.Unknown)
            {
                _addresses.Release();
                _leftAddresses = true;
                return;
            }
        }
    }

    /// <summary>Turns from the objects' addresses, which can no longer tell, to the filter by identity hash, for the rest of the dump.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LeaveAddresses()
    {
        _addresses.Release();
        _leftAddresses = true;
        IndexAll();
        FillSeen();
    }

    /// <summary>A filter by identity hash (<see cref="_seen"/>) to match the dense arrays, its bits set from the hashes in the partitions.</summary>
    private void FillSeen()
    {
        var wordsLog2 = BitOperations.Log2((uint)_room) + BitOperations.Log2(SeenBitsPerObject) - 6;
        _seen = ArrayPool<ulong>.Shared.Rent(1 << wordsLog2);
        Array.Clear(_seen, 0, 1 << wordsLog2);
        _seenShift = 64 - wordsLog2;
        for (var partition = 0; _count > 0 && partition < PartitionCount; partition++)
        {
            foreach (var hash in _hashes.AsSpan(partition * _capacity, _filled[partition]))
            {
                var spread = Spread(hash);
                _seen[(int)(spread >> _seenShift)] |= SeenBits(spread);
            }
        }
    }

    /// <summary>Whether the objects' addresses answer first (<see cref="SeenAddresses"/>), rather than the filter by identity hash.</summary>
    internal bool AnswersByAddress => _addresses.IsOn;

    /// <summary>Gives <paramref name="array"/> back to the pool, unless it is the table's own <paramref name="first"/>.</summary>
    private static void Return<T>(T[] array, T[] first)
    {
        if (array != first && array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array);
        }
    }

    /// <summary>An object written, in a struct so that storing it into the pooled array needs no array type check.</summary>
    private struct Written
    {
        public object? Value;
    }
}
