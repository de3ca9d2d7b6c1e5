using System.Buffers;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump has written, by identity, each with its number (the order it was first written in). The first
/// few are kept in order in a small array of the table's own, where their number is their place, and looked for one
/// by one: cheaper for a small value than hashing. Past them, an open-addressing table over pooled arrays, so that a
/// dump that keeps references allocates nothing for it once the pool holds arrays of its size, and the arrays go back
/// to the pool when the dump ends.
/// </summary>
internal sealed class WrittenObjects
{
    private const int FirstCapacity = 64;

    /// <summary>How many objects are kept in order before the table is hashed.</summary>
    private const int FewObjects = 8;

    private readonly object?[] _few = new object?[FewObjects];
    private object?[] _objects = [];
    private int[] _numbers = [];
    private int _capacity;
    private int _count;

    /// <summary>Adds <paramref name="value"/> with the next number; false with its number if it was added before.</summary>
    public bool TryAdd(object value, out int number)
    {
        if (_capacity == 0)
        {
            var few = _few;
            for (var i = 0; i < _count; i++)
            {
                if (ReferenceEquals(few[i], value))
                {
                    number = i;
                    return false;
                }
            }

            if (_count < FewObjects)
            {
                few[_count] = value;
                number = _count++;
                return true;
            }
        }

        if (_count >= _capacity / 2)
        {
            Grow();
        }

        var mask = _capacity - 1;
        var objects = _objects;
        for (var slot = Slot(value, mask); ; slot = (slot + 1) & mask)
        {
            var held = objects[slot];
            if (held is null)
            {
                objects[slot] = value;
                _numbers[slot] = number = _count++;
                return true;
            }

            if (ReferenceEquals(held, value))
            {
                number = _numbers[slot];
                return false;
            }
        }
    }

    /// <summary>Gives the arrays back to the pool (cleared, so the pool keeps no object alive); the table is empty after.</summary>
    public void Release()
    {
        Array.Clear(_few, 0, Math.Min(_count, FewObjects));
        if (_objects.Length > 0)
        {
            ArrayPool<object?>.Shared.Return(_objects, clearArray: true);
            ArrayPool<int>.Shared.Return(_numbers);
        }

        _objects = [];
        _numbers = [];
        _capacity = 0;
        _count = 0;
    }

    /// <summary>Puts <paramref name="held"/>, numbered <paramref name="number"/>, in the first free slot from its home slot.</summary>
    private static void Place(object?[] objects, int[] numbers, int mask, object held, int number)
    {
        var slot = Slot(held, mask);
        while (objects[slot] is not null)
        {
            slot = (slot + 1) & mask;
        }

        objects[slot] = held;
        numbers[slot] = number;
    }

    /// <summary>The home slot of an object: its identity hash, spread over the table by a multiplicative hash.</summary>
    private static int Slot(object value, int mask) => (int)((uint)RuntimeHelpers.GetHashCode(value) * 0x9E3779B9u >> 7) & mask;

    private void Grow()
    {
        var capacity = Math.Max(FirstCapacity, _capacity * 2);
        var objects = ArrayPool<object?>.Shared.Rent(capacity);
        var numbers = ArrayPool<int>.Shared.Rent(capacity);

        // A rented array may be longer than asked; the table uses a power of two of it, all cleared.
        capacity = 1 << (31 - int.LeadingZeroCount(objects.Length < numbers.Length ? objects.Length : numbers.Length));
        Array.Clear(objects, 0, capacity);
        var mask = capacity - 1;
        if (_capacity == 0)
        {
            // The first objects move from their small array into the table, each with its place as its number.
            for (var i = 0; i < _count; i++)
            {
                Place(objects, numbers, mask, _few[i]!, i);
            }

            Array.Clear(_few);
        }

        for (var i = 0; i < _capacity; i++)
        {
            if (_objects[i] is { } held)
            {
                Place(objects, numbers, mask, held, _numbers[i]);
            }
        }

        var old = _objects;
        var oldNumbers = _numbers;
        _objects = objects;
        _numbers = numbers;
        _capacity = capacity;
        if (old.Length > 0)
        {
            ArrayPool<object?>.Shared.Return(old, clearArray: true);
            ArrayPool<int>.Shared.Return(oldNumbers);
        }
    }
}
