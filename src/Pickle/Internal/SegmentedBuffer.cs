using System.Buffers;

namespace Pickling.Internal;

/// <summary>
/// A growable buffer made of pooled arrays. Serializers write payloads into it without any copying on growth,
/// and the loader fills it with a payload read from a stream; either way it exposes the bytes as a
/// <see cref="ReadOnlySequence{T}"/>. Disposing it returns the arrays to the pool.
/// </summary>
internal sealed class SegmentedBuffer : IBufferWriter<byte>, IDisposable
{
    private const int FirstSegmentSize = 4 * 1024;
    private const int LargestGrowthStep = 16 * 1024 * 1024;

    private readonly List<(byte[] Array, int Used)> _completed = [];
    private byte[] _current = [];
    private int _currentUsed;
    private long _completedLength;
    private int _nextSize = FirstSegmentSize;

    /// <summary>The number of bytes written so far.</summary>
    public long Length => _completedLength + _currentUsed;

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

    /// <summary>Hashes, copies or writes each written block in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Blocks
    {
        get
        {
            foreach (var (array, used) in _completed)
            {
                yield return array.AsMemory(0, used);
            }

            if (_currentUsed > 0)
            {
                yield return _current.AsMemory(0, _currentUsed);
            }
        }
    }

    /// <summary>The written bytes as a sequence over the pooled arrays; valid until disposal.</summary>
    public ReadOnlySequence<byte> AsSequence()
    {
        if (_completedLength == 0)
        {
            return new ReadOnlySequence<byte>(_current, 0, _currentUsed);
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

    public void CopyTo(Span<byte> destination)
    {
        foreach (var block in Blocks)
        {
            block.Span.CopyTo(destination);
            destination = destination[block.Length..];
        }
    }

    public void Dispose()
    {
        foreach (var (array, _) in _completed)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _completed.Clear();
        _current = [];
        _currentUsed = 0;
        _completedLength = 0;
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
        if (_currentUsed > 0)
        {
            _completed.Add((_current, _currentUsed));
            _completedLength += _currentUsed;
        }
        else if (_current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_current);
        }

        _current = ArrayPool<byte>.Shared.Rent(size);
        _currentUsed = 0;
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
