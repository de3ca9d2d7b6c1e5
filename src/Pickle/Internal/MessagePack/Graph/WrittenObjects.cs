using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in).
/// </summary>
/// <remarks>
/// <para>
/// A large dump spends its time on memory the processor's caches do not hold, so the table touches at random, for
/// each object, only memory that stays in cache. A Bloom filter answers first (<see cref="_seen"/>: three bits of one
/// word per identity hash, half a byte per object): a clear bit means the object was never added, which is exact, and
/// is the answer for most objects. Every object is also appended, with its identity hash and number, to one of the
/// partitions (one per <see cref="ObjectsPerPartition"/> objects the dense array holds), picked by its hash
/// (<see cref="_hashes"/>, <see cref="_numbers"/>): each partition is written in
/// order, so that only the line each partition is at is touched, rather than a line of a table by hash per object.
/// Only where an object's bits are all set (it was added before, or other objects' hashes set the same bits: a few in
/// a hundred) is its partition searched for its hash, a vectorized scan of memory that lies in order.
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
internal sealed class WrittenObjects
{
    /// <summary>The objects the first arrays of a dump hold, enough for small values.</summary>
    internal const int FirstObjects = 32;

    /// <summary>The objects a dump finds by reference alone, before any is hashed: enough for a small value.</summary>
    internal const int FewObjects = 8;

    /// <summary>The most objects one dump numbers (a power of two).</summary>
    internal const int MaxObjects = 1 << 28;

    /// <summary>
    /// Objects a partition holds on average once the dense arrays are full (a power of two): fewer partitions keep
    /// fewer lines in cache as they are written, longer ones take longer to search.
    /// </summary>
    internal const int ObjectsPerPartition = 1024;

    /// <summary>
    /// Bits of <see cref="_seen"/> per object the dense arrays hold (a power of two): small enough that the filter stays
    /// in cache, at the price of about 3 in 100 new objects, in a dump of some hundred thousand, finding their bits set.
    /// </summary>
    private const int SeenBitsPerObject = 4;

    private Written[] _objects = [];
    private int _room;
    private int _count;

    /// <summary>The filter: the bits of every identity hash added (<see cref="SeenBits"/>), in a word picked by its top bits.</summary>
    private ulong[] _seen = [];
    private int _seenShift;

    /// <summary>By partition (<see cref="PartitionOf"/>), <see cref="_capacity"/> each: the identity hashes of the objects added, in order.</summary>
    private int[] _hashes = [];

    /// <summary>The numbers of the objects whose hashes lie at the same places in <see cref="_hashes"/>.</summary>
    private int[] _numbers = [];

    /// <summary>By partition: how many objects it holds.</summary>
    private int[] _filled = [];
    private int _partitionShift;
    private int _capacity;

    private int _lastCount;

    /// <summary>The arrays of a dump's first <see cref="FirstObjects"/> objects, kept from one dump to the next rather than pooled.</summary>
    private readonly Written[] _firstObjects = new Written[FirstObjects];
    private readonly ulong[] _firstSeen = new ulong[FirstObjects * SeenBitsPerObject / 64];
    private readonly int[] _firstHashes = new int[FirstObjects];
    private readonly int[] _firstNumbers = new int[FirstObjects];
    private readonly int[] _firstFilled = new int[1];

    /// <summary>How many objects the table holds.</summary>
    public int Count => _count;

    /// <summary>The partitions of a table whose dense arrays hold <paramref name="room"/> objects (a power of two).</summary>
    internal static int PartitionsFor(int room) => Math.Max(1, room / ObjectsPerPartition);

    /// <summary>The partition of an identity hash among <paramref name="partitions"/> (a power of two): the top bits of a multiplicative hash.</summary>
    internal static int PartitionOf(int hash, int partitions) => PartitionAt(hash, 32 - BitOperations.Log2((uint)partitions));

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
        }

        _objects = [];
        _seen = [];
        _room = 0;
        _count = 0;
        _seenShift = 0;
    }

    /// <summary>An identity hash spread over 64 bits by a multiplicative hash: its top bits pick a word of <see cref="_seen"/>, bits 14 to 31 three bits in it.</summary>
    private static ulong Spread(int hash) => (uint)hash * 0x9E3779B97F4A7C15ul;

    /// <summary>The three bits of a word of <see cref="_seen"/> that stand for a <see cref="Spread"/> hash (the same bit twice, at times).</summary>
    private static ulong SeenBits(ulong spread) =>
        (1ul << (int)(spread >> 14)) | (1ul << (int)(spread >> 20)) | (1ul << (int)(spread >> 26));

    /// <summary>The partition of an identity hash: the top <c>32 - shift</c> bits of a multiplicative hash (none for a shift of 32).</summary>
    private static int PartitionAt(int hash, int shift) => (int)((ulong)((uint)hash * 0x85EBCA6Bu) >> shift);

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
        return number;
    }

    /// <summary>Appends an object's hash and number to its partition (whose bits in the filter are set already).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Index(int hash, int number)
    {
        var partition = PartitionAt(hash, _partitionShift);
        var filled = _filled[partition];
        if (filled == _capacity)
        {
            Widen();
            Index(hash, number);
            return;
        }

        var at = (partition * _capacity) + filled;
        _hashes[at] = hash;
        _numbers[at] = number;
        _filled[partition] = filled + 1;
    }

    /// <summary>
    /// <see cref="TryAdd"/> for an object whose bits are set: its partition is searched for its hash, and each object
    /// with that hash compared with it; the object is added if none is it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAddSeen(object value, int hash, out int number)
    {
        var partition = PartitionAt(hash, _partitionShift);
        var start = partition * _capacity;
        var hashes = _hashes.AsSpan(start, _filled[partition]);
        for (var at = hashes.IndexOf(hash); at >= 0;)
        {
            var candidate = _numbers[start + at];
            if (ReferenceEquals(_objects[candidate].Value, value))
            {
                number = candidate;
                return false;
            }

            var next = hashes[(at + 1)..].IndexOf(hash);
            at = next < 0 ? -1 : at + 1 + next;
        }

        number = Add(value, hash);
        return true;
    }

    /// <summary>
    /// Makes room for more objects than the dense arrays hold (straight to the last dump's count the first time they
    /// outgrow their first size), with partitions and a filter to match, laid out and set again from the hashes.
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

            return;
        }

        var length = Math.Min(MaxObjects, Math.Max(ObjectsFor(_count + 1), _room == FirstObjects ? ObjectsFor(_lastCount) : 0));
        var objects = ArrayPool<Written>.Shared.Rent(length);
        Array.Copy(_objects, objects, _count);
        Array.Clear(_objects, 0, _count);
        Return(_objects, _firstObjects);
        Return(_seen, _firstSeen);
        _objects = objects;
        _room = Math.Min(objects.Length, MaxObjects);
        var wordsLog2 = BitOperations.Log2((uint)_room) + BitOperations.Log2(SeenBitsPerObject) - 6;
        _seen = ArrayPool<ulong>.Shared.Rent(1 << wordsLog2);
        Array.Clear(_seen, 0, 1 << wordsLog2);
        _seenShift = 64 - wordsLog2;

        var partitions = PartitionsFor(_room);
        var perPartition = _room / partitions;
        Partition(partitions, partitions == 1 ? _room : perPartition + (perPartition / 4) + 64);
        for (var partition = 0; _count > 0 && partition < PartitionCount; partition++)
        {
            foreach (var hash in _hashes.AsSpan(partition * _capacity, _filled[partition]))
            {
                var spread = Spread(hash);
                _seen[(int)(spread >> _seenShift)] |= SeenBits(spread);
            }
        }
    }

    /// <summary>How many partitions the objects lie in now.</summary>
    internal int PartitionCount => _capacity == 0 ? 0 : 1 << (32 - _partitionShift);

    /// <summary>
    /// Doubles the room of every partition, for a partition that is full before the dense arrays are (which hashes
    /// spread evenly make rare); past four times the room of the dense arrays, halves the partitions instead.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Widen()
    {
        var partitions = PartitionCount;
        Partition((long)partitions * _capacity * 2 <= 4L * _room ? partitions : Math.Max(1, partitions / 2), _capacity * 2);
    }

    /// <summary>
    /// Lays the objects added out again in <paramref name="partitions"/> of at least <paramref name="capacity"/> each
    /// (more if one of them holds more; in one partition as large as the dense arrays if that would take more than
    /// four times their room).
    /// </summary>
    private void Partition(int partitions, int capacity)
    {
        var oldPartitions = PartitionCount;
        var shift = 32 - BitOperations.Log2((uint)partitions);
        var first = _capacity == 0 && _room == FirstObjects;
        var filled = first ? _firstFilled : ArrayPool<int>.Shared.Rent(partitions);
        Array.Clear(filled, 0, partitions);
        for (var old = 0; old < oldPartitions; old++)
        {
            foreach (var hash in _hashes.AsSpan(old * _capacity, _filled[old]))
            {
                capacity = Math.Max(capacity, ++filled[PartitionAt(hash, shift)]);
            }
        }

        if (partitions > 1 && (long)partitions * capacity > 4L * _room)
        {
            partitions = 1;
            shift = 32;
            capacity = Math.Max(capacity, _room);
        }

        Array.Clear(filled, 0, partitions);
        var hashes = first ? _firstHashes : ArrayPool<int>.Shared.Rent(partitions * capacity);
        var numbers = first ? _firstNumbers : ArrayPool<int>.Shared.Rent(partitions * capacity);
        for (var old = 0; old < oldPartitions; old++)
        {
            for (int from = old * _capacity, end = from + _filled[old]; from < end; from++)
            {
                var hash = _hashes[from];
                var partition = PartitionAt(hash, shift);
                var at = (partition * capacity) + filled[partition]++;
                hashes[at] = hash;
                numbers[at] = _numbers[from];
            }
        }

        ReturnPartitions();
        _hashes = hashes;
        _numbers = numbers;
        _filled = filled;
        _capacity = capacity;
        _partitionShift = shift;
    }

    /// <summary>Gives the partitions' arrays back to the pool; there are none after.</summary>
    private void ReturnPartitions()
    {
        if (_capacity > 0)
        {
            Return(_hashes, _firstHashes);
            Return(_numbers, _firstNumbers);
            Return(_filled, _firstFilled);
        }

        _hashes = [];
        _numbers = [];
        _filled = [];
        _capacity = 0;
    }

    /// <summary>Gives <paramref name="array"/> back to the pool, unless it is the table's own <paramref name="first"/>.</summary>
    private static void Return<T>(T[] array, T[] first)
    {
        if (array != first)
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
