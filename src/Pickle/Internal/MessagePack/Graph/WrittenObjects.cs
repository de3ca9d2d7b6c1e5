using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in).
/// </summary>
/// <remarks>
/// <para>
/// The objects and their identity hashes lie in dense arrays, by number, written in order. A table with a slot per
/// object is larger than the processor's caches for a large graph, and costs a random memory access per object; but
/// most objects are written once. So a Bloom filter answers first (<see cref="_seen"/>: two bits of one word per
/// identity hash, a byte per object, small enough to stay in cache): a clear bit means the object was never
/// added, which is exact. Only where both bits are set (the object was added before, or other objects with hashes on
/// the same bits were) are the objects added since last time linked into their chains (<see cref="_heads"/>, by
/// identity hash, through <see cref="_links"/>: one tight loop whose memory accesses overlap), and the object's chain
/// searched.
/// </para>
/// <para>
/// The first arrays, for <see cref="FirstObjects"/> objects, are the table's own and stay with it from dump to dump, so
/// that a small dump rents none; larger arrays are pooled, so that a dump that keeps references allocates nothing for
/// it once the pool holds arrays of its size, and go back to the pool when the dump ends. Either way the objects are
/// cleared when the dump ends, so that neither the table nor the pool keeps one alive. The table
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

    /// <summary>Bits of <see cref="_seen"/> per object the dense arrays hold (a power of two): at most about 3 in 100 new objects find their bits set.</summary>
    private const int SeenBitsPerObject = 8;

    /// <summary>Objects the dense arrays hold per chain (a power of two): a chain is one or two objects long.</summary>
    private const int ObjectsPerChain = 2;

    /// <summary>The first arrays, this table's own rather than the pool's, kept from dump to dump: a small dump rents nothing.</summary>
    private readonly Written[] _firstObjects = new Written[FirstObjects];
    private readonly long[] _firstLinks = new long[FirstObjects];
    private readonly ulong[] _firstSeen = new ulong[WordsFor(FirstObjects)];
    private readonly int[] _firstHeads = new int[ChainsFor(FirstObjects)];

    private Written[] _objects = [];

    /// <summary>
    /// By number: the object's identity hash (high 32 bits) and, once it is linked, the number plus one of the object
    /// linked into its chain before it (0 for none).
    /// </summary>
    private long[] _links = [];
    private int _room;
    private int _count;

    /// <summary>The filter: the bits of every identity hash added (<see cref="SeenBits"/>), in a word picked by its top bits.</summary>
    private ulong[] _seen = [];
    private int _seenShift;

    /// <summary>By chain: the number plus one of the object linked into it last (0 for none); empty until an object's bits are found set.</summary>
    private int[] _heads = [];
    private int _linked;

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
        ref var word = ref _seen[(int)(spread >> _seenShift)];
        var bits = SeenBits(spread);
        if ((word & bits) != bits)
        {
            word |= bits;
            number = _count;
            _objects[number].Value = value;
            _links[number] = (long)hash << 32;
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
        if (_room > 0)
        {
            _lastCount = _count;
            Array.Clear(_objects, 0, _count);
            ReturnArrays();
        }

        ReleaseHeads();
        _objects = [];
        _links = [];
        _seen = [];
        _room = 0;
        _count = 0;
        _seenShift = 0;
    }

    /// <summary>An identity hash spread over 64 bits by a multiplicative hash: its top bits pick a word of <see cref="_seen"/>, bits 20 to 31 two bits in it.</summary>
    private static ulong Spread(int hash) => (uint)hash * 0x9E3779B97F4A7C15ul;

    /// <summary>The two bits of a word of <see cref="_seen"/> that stand for a <see cref="Spread"/> hash (the same bit twice, at times).</summary>
    private static ulong SeenBits(ulong spread) => (1ul << (int)(spread >> 20)) | (1ul << (int)(spread >> 26));

    /// <summary>The chain of an identity hash among <c>2^(32 - shift)</c>: the top bits of another multiplicative hash.</summary>
    private static int Chain(int hash, int shift) => (int)((uint)hash * 0x85EBCA6Bu >> shift);

    /// <summary>The words of <see cref="_seen"/> for dense arrays of <paramref name="room"/> objects (a power of two).</summary>
    private static int WordsFor(int room) => Math.Max(1, room / (64 / SeenBitsPerObject));

    /// <summary>The chains of <see cref="_heads"/> for dense arrays of <paramref name="room"/> objects (a power of two).</summary>
    private static int ChainsFor(int room) => room / ObjectsPerChain;

    /// <summary>The power of two of objects, at least <see cref="FirstObjects"/>, that holds <paramref name="count"/>.</summary>
    private static int ObjectsFor(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(count, FirstObjects));

    /// <summary>
    /// <see cref="TryAdd"/> for an object whose bits are set: the objects added since last time are linked, and the
    /// object's chain searched; the object is added, and linked, if it is not there.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryAddSeen(object value, int hash, out int number)
    {
        var shift = LinkAll();
        ref var head = ref _heads[Chain(hash, shift)];
        for (var link = head; link != 0;)
        {
            var entry = _links[link - 1];
            if ((int)(entry >> 32) == hash && ReferenceEquals(_objects[link - 1].Value, value))
            {
                number = link - 1;
                return false;
            }

            link = (int)entry;
        }

        number = _count;
        _objects[number].Value = value;
        _links[number] = ((long)hash << 32) | (uint)head;
        head = number + 1;
        _count = _linked = number + 1;
        return true;
    }

    /// <summary>Links every object added since last time into its chain (making the chains first if there are none); returns the chains' shift.</summary>
    private int LinkAll()
    {
        var chainsLog2 = BitOperations.Log2((uint)ChainsFor(_room));
        if (_heads.Length == 0)
        {
            _heads = _room == FirstObjects ? _firstHeads : ArrayPool<int>.Shared.Rent(1 << chainsLog2);
            Array.Clear(_heads, 0, 1 << chainsLog2);
            _linked = 0;
        }

        // Each object's chain comes from its hash alone, so the loop's loads do not wait on each other.
        var shift = 32 - chainsLog2;
        var heads = _heads;
        var links = _links;
        for (var number = _linked; number < _count; number++)
        {
            var hash = (int)(links[number] >> 32);
            ref var head = ref heads[Chain(hash, shift)];
            links[number] = ((long)hash << 32) | (uint)head;
            head = number + 1;
        }

        _linked = _count;
        return shift;
    }

    private void ReleaseHeads()
    {
        if (_heads.Length > 0 && _heads != _firstHeads)
        {
            ArrayPool<int>.Shared.Return(_heads);
        }

        _heads = [];
        _linked = 0;
    }

    /// <summary>
    /// Makes room for more objects than the dense arrays hold (straight to the last dump's count the first time they
    /// outgrow their first size), with a filter to match, set again from the hashes; the chains are made again when
    /// next needed.
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
        var first = length == FirstObjects;
        var objects = first ? _firstObjects : ArrayPool<Written>.Shared.Rent(length);
        var links = first ? _firstLinks : ArrayPool<long>.Shared.Rent(length);
        Array.Copy(_objects, objects, _count);
        Array.Copy(_links, links, _count);
        if (_room > 0)
        {
            Array.Clear(_objects, 0, _count);
            ReturnArrays();
        }

        ReleaseHeads();
        _objects = objects;
        _links = links;
        _room = Math.Min(Math.Min(objects.Length, links.Length), MaxObjects);
        var words = WordsFor(_room);
        _seen = first ? _firstSeen : ArrayPool<ulong>.Shared.Rent(words);
        Array.Clear(_seen, 0, words);
        _seenShift = 64 - BitOperations.Log2((uint)words);
        for (var number = 0; number < _count; number++)
        {
            var spread = Spread((int)(links[number] >> 32));
            _seen[(int)(spread >> _seenShift)] |= SeenBits(spread);
        }
    }

    /// <summary>Gives the dense arrays and the filter back to the pool, unless they are the table's own first ones.</summary>
    private void ReturnArrays()
    {
        if (_objects != _firstObjects)
        {
            ArrayPool<Written>.Shared.Return(_objects);
            ArrayPool<long>.Shared.Return(_links);
            ArrayPool<ulong>.Shared.Return(_seen);
        }
    }

    /// <summary>An object written, in a struct so that storing it into the pooled array needs no array type check.</summary>
    private struct Written
    {
        public object? Value;
    }
}
