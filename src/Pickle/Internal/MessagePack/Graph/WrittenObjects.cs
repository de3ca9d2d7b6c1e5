using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in).
/// </summary>
/// <remarks>
/// <para>
/// The objects lie in a dense array, by number, written in order, and beside each its identity hash and the number of
/// the object added before it to the same bucket. A bucket stands for a few objects (<see cref="ObjectsPerBucket"/>),
/// so that the buckets are small enough to stay in the processor's cache, where a table of one slot per object would
/// cost a random memory access per object of a large graph: a bucket holds the last object added to it and a Bloom
/// filter, two bits per identity hash. Most objects are written once, and a clear bit means the object was never added,
/// which is exact. Only where both bits are set (the object was added before, or another object of the bucket has
/// hashes on the same bits) is the bucket's chain walked.
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
    /// <summary>The objects the first arrays of a dump hold, enough for small values.</summary>
    internal const int FirstObjects = 32;

    /// <summary>The most objects one dump numbers (a power of two).</summary>
    internal const int MaxObjects = 1 << 28;

    /// <summary>
    /// Objects per bucket when the dense arrays are full (a power of two): 8 bits of filter per object, so that about
    /// 1 in 50 new objects finds its bits set, and a chain of at most about four objects to walk when it does.
    /// </summary>
    private const int ObjectsPerBucket = 4;

    private Written[] _objects = [];

    /// <summary>By number: the object's identity hash (high 32 bits) and the number plus one of the object added to its bucket before it (0 for none).</summary>
    private long[] _links = [];
    private int _room;
    private int _count;

    private Bucket[] _buckets = [];
    private int _bucketShift;

    private int _lastCount;

    /// <summary>How many objects the table holds.</summary>
    public int Count => _count;

    /// <summary>Adds <paramref name="value"/> with the next number; false with its number if it was added before.</summary>
    public bool TryAdd(object value, out int number)
    {
        if (_count == _room)
        {
            Grow();
        }

        var hash = RuntimeHelpers.GetHashCode(value);
        var spread = Spread(hash);
        ref var bucket = ref _buckets[(int)(spread >> _bucketShift)];
        var bits = SeenBits(spread);
        if ((bucket.Seen & bits) != bits)
        {
            bucket.Seen |= bits;
            number = Append(value, hash, ref bucket);
            return true;
        }

        return TryAddSeen(value, hash, ref bucket, out number);
    }

    /// <summary>
    /// Gives the arrays back to the pool (the objects cleared, so the pool keeps none alive) and remembers how many
    /// objects this dump wrote, for the next; the table is empty after.
    /// </summary>
    public void Release()
    {
        if (_room > 0)
        {
            _lastCount = _count;
            Array.Clear(_objects, 0, _count);
            ArrayPool<Written>.Shared.Return(_objects);
            ArrayPool<long>.Shared.Return(_links);
            ArrayPool<Bucket>.Shared.Return(_buckets);
        }

        _objects = [];
        _links = [];
        _buckets = [];
        _room = 0;
        _count = 0;
        _bucketShift = 0;
    }

    /// <summary>An identity hash spread over 64 bits by a multiplicative hash: its top bits pick a bucket, bits 20 to 29 two bits of its filter.</summary>
    private static ulong Spread(int hash) => (uint)hash * 0x9E3779B97F4A7C15ul;

    /// <summary>The two bits of a bucket's filter that stand for a <see cref="Spread"/> hash (the same bit twice, at times).</summary>
    private static uint SeenBits(ulong spread) => (1u << (int)(spread >> 20)) | (1u << (int)(spread >> 25));

    /// <summary>The power of two of objects, at least <see cref="FirstObjects"/>, that holds <paramref name="count"/>.</summary>
    private static int ObjectsFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, FirstObjects));

    private int Append(object value, int hash, ref Bucket bucket)
    {
        var number = _count;
        _objects[number].Value = value;
        _links[number] = ((long)hash << 32) | (uint)bucket.Last;
        bucket.Last = number + 1;
        _count = number + 1;
        return number;
    }

    /// <summary><see cref="TryAdd"/> for an object whose bits are set: the bucket's chain is searched, and the object added if it is not there.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAddSeen(object value, int hash, ref Bucket bucket, out int number)
    {
        for (var link = bucket.Last; link != 0;)
        {
            var entry = _links[link - 1];
            if ((int)(entry >> 32) == hash && ReferenceEquals(_objects[link - 1].Value, value))
            {
                number = link - 1;
                return false;
            }

            link = (int)entry;
        }

        number = Append(value, hash, ref bucket);
        return true;
    }

    /// <summary>
    /// Makes room for more objects than the arrays hold (straight to the last dump's count the first time they outgrow
    /// their first size), with buckets to match, filled again from the hashes.
    /// </summary>
    private void Grow()
    {
        if (_count >= MaxObjects)
        {
            throw new PickleException(
                $"The value holds more than {MaxObjects:N0} objects, more than one pickle numbers with PickleOptions.PreserveReferences; dump it in parts.");
        }

        var length = _room == 0 ? FirstObjects
            : Math.Min(MaxObjects, Math.Max(ObjectsFor(_count + 1), _room == FirstObjects ? ObjectsFor(_lastCount) : 0));
        var objects = ArrayPool<Written>.Shared.Rent(length);
        var links = ArrayPool<long>.Shared.Rent(length);
        Array.Copy(_objects, objects, _count);
        Array.Copy(_links, links, _count);
        if (_room > 0)
        {
            Array.Clear(_objects, 0, _count);
            ArrayPool<Written>.Shared.Return(_objects);
            ArrayPool<long>.Shared.Return(_links);
            ArrayPool<Bucket>.Shared.Return(_buckets);
        }

        _objects = objects;
        _links = links;
        _room = Math.Min(Math.Min(objects.Length, links.Length), MaxObjects);
        var bucketsLog2 = BitOperations.Log2((uint)_room) - BitOperations.Log2(ObjectsPerBucket);
        _buckets = ArrayPool<Bucket>.Shared.Rent(1 << bucketsLog2);
        Array.Clear(_buckets, 0, 1 << bucketsLog2);
        _bucketShift = 64 - bucketsLog2;

        // The buckets change with their number, so the chains are made again, in order.
        for (var number = 0; number < _count; number++)
        {
            var hash = (int)(links[number] >> 32);
            var spread = Spread(hash);
            ref var bucket = ref _buckets[(int)(spread >> _bucketShift)];
            bucket.Seen |= SeenBits(spread);
            links[number] = ((long)hash << 32) | (uint)bucket.Last;
            bucket.Last = number + 1;
        }
    }

    /// <summary>An object written, in a struct so that storing it into the pooled array needs no array type check.</summary>
    private struct Written
    {
        public object? Value;
    }

    /// <summary>A bucket: the filter of its objects' hashes, and the number plus one of the last object added to it (0 for none).</summary>
    private struct Bucket
    {
        public uint Seen;
        public int Last;
    }
}
