using System.Buffers;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in). The
/// objects themselves lie in a dense array, by number, written in order; an open-addressing table of small entries
/// (an identity hash and a number) finds them, so that a lookup touches one entry and an object only when its hash
/// matches. Both arrays are pooled, so that a dump that keeps references allocates nothing for it once the pool holds
/// arrays of its size, and go back to the pool when the dump ends, the objects cleared so the pool keeps none alive.
/// </summary>
/// <remarks>
/// The table remembers how many objects the last dump wrote (a count, no object), and the first time a dump outgrows
/// the first small table it grows straight to a table for that many, so that dumps of about the same size rehash
/// once, early, instead of at every doubling; a small dump after a large one starts small all the same.
/// </remarks>
internal sealed class WrittenObjects
{
    /// <summary>The entries of the first table of a dump, enough for small values.</summary>
    internal const int FirstCapacity = 64;

    /// <summary>The most entries a table has (a power of two, so that doubling it never overflows).</summary>
    private const int MaxCapacity = 1 << 30;

    private Entry[] _entries = [];
    private object?[] _objects = [];
    private int _capacity;
    private int _shift;
    private int _count;
    private int _lastCount;

    /// <summary>How many objects the table holds.</summary>
    public int Count => _count;

    /// <summary>How many entries the table has now (a power of two, at least twice <see cref="Count"/>; 0 when empty).</summary>
    internal int Capacity => _capacity;

    /// <summary>Adds <paramref name="value"/> with the next number; false with its number if it was added before.</summary>
    public bool TryAdd(object value, out int number)
    {
        if (_count >= _capacity >> 1)
        {
            Grow();
        }

        var hash = RuntimeHelpers.GetHashCode(value);
        var entries = _entries;
        var mask = _capacity - 1;
        for (var slot = Home(hash, _shift); ; slot = (slot + 1) & mask)
        {
            ref var entry = ref entries[slot];
            if (entry.Number == 0)
            {
                number = _count;
                if (number == _objects.Length)
                {
                    GrowObjects();
                }

                _objects[number] = value;
                entry.Hash = hash;
                entry.Number = ++_count;
                return true;
            }

            if (entry.Hash == hash && ReferenceEquals(_objects[entry.Number - 1], value))
            {
                number = entry.Number - 1;
                return false;
            }
        }
    }

    /// <summary>
    /// Gives the arrays back to the pool (the objects cleared, so the pool keeps none alive) and remembers how many
    /// objects this dump wrote, for the next; the table is empty after.
    /// </summary>
    public void Release()
    {
        if (_capacity > 0)
        {
            _lastCount = _count;
            Array.Clear(_objects, 0, _count);
            ArrayPool<object?>.Shared.Return(_objects);
            ArrayPool<Entry>.Shared.Return(_entries);
        }

        _entries = [];
        _objects = [];
        _capacity = 0;
        _shift = 0;
        _count = 0;
    }

    /// <summary>The home slot of an identity hash in a table of <c>2^(32 - shift)</c> entries: its top bits after a multiplicative (Fibonacci) hash.</summary>
    private static int Home(int hash, int shift) => (int)((uint)hash * 0x9E3779B9u >> shift);

    /// <summary>The smallest power of two of entries that holds <paramref name="count"/> objects at most half full.</summary>
    private static int CapacityFor(int count) =>
        count < FirstCapacity / 2 ? FirstCapacity : (int)Math.Min(MaxCapacity, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)count * 2 + 2));

    private void Grow()
    {
        // The first table is small; the next one holds as many objects as the last dump wrote, so a dump of about
        // the same size grows once; past that, the table doubles.
        if (_capacity == MaxCapacity)
        {
            throw new PickleException(
                $"The value holds more than {MaxCapacity / 2:N0} objects, more than one pickle numbers with PickleOptions.PreserveReferences; dump it in parts.");
        }

        var capacity = _capacity == 0 ? FirstCapacity : Math.Max(_capacity * 2, _capacity == FirstCapacity ? CapacityFor(_lastCount) : 0);

        var entries = ArrayPool<Entry>.Shared.Rent(capacity);
        Array.Clear(entries, 0, capacity);

        // Entries are moved by the hash they keep: no object is looked at again.
        var shift = 32 - System.Numerics.BitOperations.Log2((uint)capacity);
        var mask = capacity - 1;
        var old = _entries;
        for (var i = 0; i < _capacity; i++)
        {
            var moved = old[i];
            if (moved.Number != 0)
            {
                var slot = Home(moved.Hash, shift);
                while (entries[slot].Number != 0)
                {
                    slot = (slot + 1) & mask;
                }

                entries[slot] = moved;
            }
        }

        if (_capacity > 0)
        {
            ArrayPool<Entry>.Shared.Return(old);
        }
        else
        {
            _objects = ArrayPool<object?>.Shared.Rent(capacity >> 1);
        }

        _entries = entries;
        _capacity = capacity;
        _shift = shift;
    }

    /// <summary>Makes room for more objects than the dense array holds; the old array goes back to the pool cleared.</summary>
    private void GrowObjects()
    {
        var objects = ArrayPool<object?>.Shared.Rent(Math.Max(_capacity >> 1, _count + 1));
        Array.Copy(_objects, objects, _count);
        Array.Clear(_objects, 0, _count);
        ArrayPool<object?>.Shared.Return(_objects);
        _objects = objects;
    }

    /// <summary>An entry of the table: an object's identity hash and its number plus one (0 for an empty entry).</summary>
    private struct Entry
    {
        public int Hash;
        public int Number;
    }
}
