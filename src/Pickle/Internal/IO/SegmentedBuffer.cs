using System.Buffers;

namespace Pickling.Internal;

/// <summary>
/// A growable buffer made of pooled arrays. Serializers write payloads into it without any copying on growth,
/// and the loader fills it with a payload read from a stream; either way it exposes the bytes as a
/// <see cref="ReadOnlySequence{T}"/>. Disposing it returns the arrays to the pool.
/// Large blocks of a value being dumped can be appended by reference (<see cref="AppendBorrowed"/>) instead of
/// being copied: they are hashed and written straight from the caller's memory.
/// </summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
{
    private const int FirstSegmentSize = 4 * 1024;
    private const int LargestGrowthStep = 16 * 1024 * 1024;

    /// <summary>The buffer this thread's last dump gave back, with its first array, for the next one (<see cref="Rent"/>).</summary>
    [ThreadStatic]
    private static SegmentedBuffer? t_spare;

    private readonly List<ReadOnlyMemory<byte>> _completed = [];
    private HashSet<int>? _borrowed;
    private readonly List<byte[]> _rented = [];
    private byte[] _current = [];
    private int _currentStart;
    private int _currentUsed;
    private long _completedLength;
    private int _nextSize = FirstSegmentSize;

    /// <summary>Whether the buffer is this thread's spare (<see cref="Return"/>): disposing or returning it again then does nothing.</summary>
    private bool _parked;

    /// <summary>
    /// A buffer for one dump on this thread: the one the thread's last dump gave back (<see cref="Return"/>), else a
    /// new one. A dump that calls another (a converter that pickles) gets a buffer of its own.
    /// </summary>
    public static SegmentedBuffer Rent()
    {
        var buffer = t_spare ?? new SegmentedBuffer();
        t_spare = null;
        buffer._parked = false;
        return buffer;
    }

    /// <summary>The number of bytes written so far.</summary>
    public long Length => _completedLength + _currentUsed - _currentStart;

    public void Advance(int count)
    {
        if ((uint)count > (uint)(_current.Length - _currentUsed))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Cannot advance past the end of the buffer.");
        }

        _currentUsed += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _current.AsMemory(_currentUsed);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        EnsureFree(sizeHint);
        return _current.AsSpan(_currentUsed);
    }

    /// <summary>
    /// Returns a block of at least <paramref name="minimum"/> and about <paramref name="preferred"/> free bytes
    /// (never more than <paramref name="preferred"/> fresh bytes are rented), for a reader filling the buffer.
    /// </summary>
    public Memory<byte> GetMemory(int minimum, int preferred)
    {
        if (_current.Length - _currentUsed < minimum)
        {
            StartSegment(Math.Max(minimum, preferred));
        }

        return _current.AsMemory(_currentUsed);
    }

    /// <summary>
    /// Takes back the last <paramref name="count"/> bytes written since the last <see cref="AppendBorrowed"/> or new
    /// array, as if they had not been written: the next write starts where they started. Their bytes stay in place
    /// until then, so a reader can move part of them down (a reader placing a block elsewhere).
    /// </summary>
    public void Retract(int count)
    {
        if ((uint)count > (uint)(_currentUsed - _currentStart))
        {
            throw new ArgumentOutOfRangeException(nameof(count), "Cannot take back more than the current block holds.");
        }

        _currentUsed -= count;
    }

    /// <summary>Hashes, copies or writes each written block in order (a <c>foreach</c> over it allocates nothing).</summary>
    public BlockList Blocks => new(this);

    /// <summary>Whether any block was appended by reference, so that its bytes may still be changed by their owner.</summary>
    public bool HasBorrowed => _borrowed is not null;

    /// <summary>The blocks, as <see cref="Blocks"/>, each with whether it was appended by reference.</summary>
    public IEnumerable<(ReadOnlyMemory<byte> Block, bool Borrowed)> BlocksWithOwner
    {
        get
        {
            for (var i = 0; i < _completed.Count; i++)
            {
                yield return (_completed[i], _borrowed?.Contains(i) == true);
            }

            if (_currentUsed > _currentStart)
            {
                yield return (_current.AsMemory(_currentStart, _currentUsed - _currentStart), false);
            }
        }
    }

    /// <summary>
    /// Appends <paramref name="block"/> by reference: the buffer holds on to it, without copying, until disposal.
    /// The caller must not change the memory until the buffer is written and disposed. Later writes continue in
    /// the free part of the current pooled array.
    /// </summary>
    public void AppendBorrowed(ReadOnlyMemory<byte> block)
    {
        if (block.IsEmpty)
        {
            return;
        }

        CompleteCurrent();
        (_borrowed ??= []).Add(_completed.Count);
        _completed.Add(block);
        _completedLength += block.Length;
    }

    /// <summary>Copies the written bytes, in order, to <paramref name="destination"/>, which holds at least <see cref="Length"/> bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        for (var i = 0; i < _completed.Count; i++)
        {
            var block = _completed[i].Span;
            block.CopyTo(destination);
            destination = destination[block.Length..];
        }

        _current.AsSpan(_currentStart, _currentUsed - _currentStart).CopyTo(destination);
    }

    /// <summary>The written bytes as a sequence over the pooled arrays; valid until disposal.</summary>
    public ReadOnlySequence<byte> AsSequence()
    {
        if (_completed.Count == 0)
        {
            return new ReadOnlySequence<byte>(_current, _currentStart, _currentUsed - _currentStart);
        }

        Node? first = null;
        Node? last = null;
        foreach (var block in Blocks)
        {
            if (block.IsEmpty)
            {
                continue;
            }

            if (last is null)
            {
                first = last = new Node(block, 0);
            }
            else
            {
                last = last.Append(block);
            }
        }

        return first is null ? ReadOnlySequence<byte>.Empty : new ReadOnlySequence<byte>(first, 0, last!, last!.Memory.Length);
    }

    public void Dispose()
    {
        if (_parked)
        {
            return;
        }

        foreach (var array in _rented)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _rented.Clear();
        _completed.Clear();
        _borrowed = null;
        _current = [];
        _currentStart = 0;
        _currentUsed = 0;
        _completedLength = 0;
    }

    /// <summary>
    /// Disposes the buffer and keeps it, with its first array if that is a small one, as this thread's spare for the
    /// next <see cref="Rent"/>. The caller must not use it again.
    /// </summary>
    public void Return()
    {
        if (_parked)
        {
            return;
        }

        if (_rented.Count == 1 && _completed.Count == 0 && _current.Length == FirstSegmentSize)
        {
            // Only the first array was written to (a small dump): it is kept, emptied, and nothing else was used.
            _currentStart = 0;
            _currentUsed = 0;
            _nextSize = FirstSegmentSize * 2;
            Park();
            return;
        }

        var first = _rented.Count > 0 && _rented[0].Length == FirstSegmentSize ? _rented[0] : null;
        if (first is not null)
        {
            _rented.RemoveAt(0);
        }

        Dispose();
        _nextSize = FirstSegmentSize;
        if (first is not null)
        {
            _current = first;
            _rented.Add(first);
            _nextSize = FirstSegmentSize * 2;
        }

        Park();
    }

    /// <summary>Makes the buffer this thread's spare.</summary>
    private void Park()
    {
        _parked = true;
        t_spare = this;
    }

    private void EnsureFree(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        if (_current.Length - _currentUsed < Math.Max(sizeHint, 1))
        {
            StartSegment(Math.Max(sizeHint, _nextSize));
            _nextSize = (int)Math.Min((long)_nextSize * 2, LargestGrowthStep);
        }
    }

    private void StartSegment(int size)
    {
        CompleteCurrent();
        if (_currentUsed == 0 && _current.Length > 0)
        {
            _rented.RemoveAt(_rented.Count - 1);
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = ArrayPool<byte>.Shared.Rent(size);
        _rented.Add(_current);
        _currentStart = 0;
        _currentUsed = 0;
    }

    /// <summary>Moves the bytes written to the current array so far into the completed blocks.</summary>
    private void CompleteCurrent()
    {
        if (_currentUsed > _currentStart)
        {
            _completed.Add(_current.AsMemory(_currentStart, _currentUsed - _currentStart));
            _completedLength += _currentUsed - _currentStart;
            _currentStart = _currentUsed;
        }
    }

    /// <summary>The written blocks in order: the completed ones, then the written part of the current array.</summary>
    public readonly struct BlockList(SegmentedBuffer buffer) : IEnumerable<ReadOnlyMemory<byte>>
    {
        public Enumerator GetEnumerator() => new(buffer);

        IEnumerator<ReadOnlyMemory<byte>> IEnumerable<ReadOnlyMemory<byte>>.GetEnumerator() => Boxed().GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => Boxed().GetEnumerator();

        private IEnumerable<ReadOnlyMemory<byte>> Boxed()
        {
            foreach (var block in this)
            {
                yield return block;
            }
        }
    }

    /// <summary>The enumerator of <see cref="BlockList"/>.</summary>
    public struct Enumerator(SegmentedBuffer buffer)
    {
        private int _index = -1;

        public readonly ReadOnlyMemory<byte> Current =>
            _index < buffer._completed.Count ? buffer._completed[_index] : buffer._current.AsMemory(buffer._currentStart, buffer._currentUsed - buffer._currentStart);

        public bool MoveNext()
        {
            _index++;
            return _index < buffer._completed.Count || (_index == buffer._completed.Count && buffer._currentUsed > buffer._currentStart);
        }
    }

    private sealed class Node : ReadOnlySequenceSegment<byte>
    {
        public Node(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Node Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Node(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
