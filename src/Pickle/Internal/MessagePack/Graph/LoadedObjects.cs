using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a load has numbered (format version 3 on), in the order they started: each one's value once it exists,
/// and whether it is complete; the load side of <see cref="WrittenObjects"/>.
/// </summary>
/// <remarks>
/// The first <see cref="FirstObjects"/> entries are an array of the table's own, which a call's state keeps from one
/// call to the next, so that a small load allocates nothing for them. Past them the array is rented from the pool,
/// straight at the size the last large load reached the first time it grows, and goes back to the pool when the load
/// ends, its entries cleared so that the pool keeps no object alive: a large load allocates nothing for its table
/// once the pool holds an array of its size, where a growing list allocated about twice the table's final size.
/// </remarks>
internal sealed class LoadedObjects
{
    /// <summary>The entries of the table's own first array, enough for small values.</summary>
    internal const int FirstObjects = 32;

    private readonly LoadedObject[] _first = new LoadedObject[FirstObjects];
    private readonly int _maxObjects;
    private LoadedObject[] _objects;
    private int _count;
    private int _lastCount;

    /// <summary>A table of at most <paramref name="maxObjects"/> objects: by default as many as a dump numbers at most.</summary>
    public LoadedObjects(int maxObjects = WrittenObjects.MaxObjects)
    {
        _maxObjects = maxObjects;
        _objects = _first;
    }

    /// <summary>How many objects the table holds.</summary>
    public int Count => _count;

    /// <summary>Adds an entry for the next object, not yet created, and returns its number.</summary>
    public int Add()
    {
        if (_count == _objects.Length)
        {
            Grow();
        }

        _objects[_count] = default;
        return _count++;
    }

    /// <summary>The entry of object <paramref name="number"/>, or a null reference if the load has not started it.</summary>
    public ref LoadedObject Entry(int number) =>
        ref (uint)number < (uint)_count ? ref _objects[number] : ref Unsafe.NullRef<LoadedObject>();

    /// <summary>Empties the table, its entries cleared, and gives a rented array back to the pool; remembers how many objects this load numbered, for the next.</summary>
    public void Release()
    {
        if (_count == 0)
        {
            return;
        }

        _objects.AsSpan(0, _count).Clear();
        if (_objects != _first)
        {
            _lastCount = _count;
            ArrayPool<LoadedObject>.Shared.Return(_objects);
            _objects = _first;
        }

        _count = 0;
    }

    /// <summary>
    /// Makes room for more objects (straight to the last large load's count the first time the first array is full); a
    /// <see cref="PickleException"/> past the table's most objects, more than any dump numbers.
    /// </summary>
    private void Grow()
    {
        if (_count >= _maxObjects)
        {
            throw new PickleException(
                $"The pickle holds more than {_maxObjects:N0} objects, more than one pickle numbers. The file is damaged or was not written by Pickle.");
        }

        var length = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(_count * 2, _objects == _first ? _lastCount : 0));
        var objects = ArrayPool<LoadedObject>.Shared.Rent(length);
        _objects.AsSpan(0, _count).CopyTo(objects);
        _objects.AsSpan(0, _count).Clear();
        if (_objects != _first)
        {
            ArrayPool<LoadedObject>.Shared.Return(_objects);
        }

        _objects = objects;
    }
}

/// <summary>An object of a load's table (<see cref="LoadedObjects"/>, or by id in payloads that give ids): its value once created, and whether it is complete.</summary>
internal struct LoadedObject
{
    public object? Value;
    public bool IsComplete;

    /// <summary>True if a back-reference to the object was read before it was complete.</summary>
    public bool HandedOut;
}
