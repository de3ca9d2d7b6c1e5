using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The index of <see cref="WrittenObjects"/> by identity hash: every object's hash and number, appended to one of the
/// partitions its hash picks, and searched only for an object that may have been added before.
/// </summary>
/// <remarks>
/// Each partition is written in order, so that only the line each partition is at is touched, rather than a line of a
/// table by hash per object; a search is a vectorized scan of a partition's hashes, memory that lies in order.
/// </remarks>
internal sealed partial class WrittenObjects
{
    /// <summary>
    /// Objects a partition holds on average once the dense arrays are full (a power of two): fewer partitions keep
    /// fewer lines in cache as they are written, longer ones take longer to search.
    /// </summary>
    internal const int ObjectsPerPartition = 1024;

    /// <summary>By partition (<see cref="PartitionOf"/>), <see cref="_capacity"/> each: the identity hashes of the objects added, in order.</summary>
    private int[] _hashes = [];

    /// <summary>The numbers of the objects whose hashes lie at the same places in <see cref="_hashes"/>.</summary>
    private int[] _numbers = [];

    /// <summary>By partition: how many objects it holds.</summary>
    private int[] _filled = [];

    private int _partitionShift;

    private int _capacity;

    /// <summary>The partitions of a table whose dense arrays hold <paramref name="room"/> objects (a power of two).</summary>
    internal static int PartitionsFor(int room) => Math.Max(1, room / ObjectsPerPartition);

    /// <summary>The partition of an identity hash among <paramref name="partitions"/> (a power of two): the top bits of a multiplicative hash.</summary>
    internal static int PartitionOf(int hash, int partitions) => PartitionAt(hash, 32 - BitOperations.Log2((uint)partitions));

    /// <summary>The partition of an identity hash: the top <c>32 - shift</c> bits of a multiplicative hash (none for a shift of 32).</summary>
    private static int PartitionAt(int hash, int shift) => (int)((ulong)((uint)hash * 0x85EBCA6Bu) >> shift);

    /// <summary>Appends an object's hash and number to its partition.</summary>
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

    /// <summary>Indexes, in their partitions, the objects numbered since the last that was (by their addresses alone).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void IndexAll()
    {
        for (var number = _indexed; number < _count; number++)
        {
            Index(RuntimeHelpers.GetHashCode(_objects[number].Value!), number);
        }

        _indexed = _count;
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
}
