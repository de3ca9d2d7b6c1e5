using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Checks the shape of a MessagePack payload in one pass, without recursion and before any formatter runs:
/// exactly one value, every array and map holding as many values as its header declares, nothing nested deeper
/// than the depth limit. After this check a declared length can never make a formatter allocate for values that
/// are not there, so allocation stays proportional to the payload's real size. A type header's two-element wrapper
/// (<c>[ext 80, contents]</c>) does not count as a level: the depth limit counts values, as the dump's limit does.
/// A wrapper directly inside another wrapper does count, so that wrappers alone cannot nest without limit.
/// </summary>
/// <remarks>
/// One walk, measuring each value by <see cref="ValueLengths"/>' table, serves a payload in one segment (the usual
/// case) and in several: it steps over a span, and asks its window onto the payload for the next segment where the
/// span ends and for a header that straddles two. The walk is generic over the window, so that the one-segment
/// walk, whose window never moves, is compiled without any call in its loop. A value cut short inside its header or
/// its data is an <see cref="EndOfStreamException"/>, as MessagePack reports it.
/// </remarks>
internal static class PayloadShape
{
    /// <summary>The most levels whose counts the walk keeps on the stack (2 KiB) rather than in a pooled array.</summary>
    private const int StackLevels = 256;

    /// <remarks>The walk writes each level's entry before it reads it, so the stack's entries need not be cleared first.</remarks>
    [SkipLocalsInit]
    public static void Check(ReadOnlySequence<byte> payload, int maxDepth)
    {
        // Each level the walk enters starts with a header of at least one byte, so a payload nests at most as many
        // levels as it has bytes, and at most twice the depth limit (a wrapper's level is not counted alone).
        var levels = (int)Math.Min(payload.Length, (2L * maxDepth) + 2);
        if (levels <= StackLevels && payload.IsSingleSegment)
        {
            var window = default(SpanWindow);
            Walk(payload.FirstSpan, ref window, maxDepth, stackalloc long[StackLevels]);
            return;
        }

        var pending = ArrayPool<long>.Shared.Rent(levels);
        try
        {
            if (payload.IsSingleSegment)
            {
                var window = default(SpanWindow);
                Walk(payload.FirstSpan, ref window, maxDepth, pending);
            }
            else
            {
                var window = new SegmentWindow(payload);
                Walk(window.Span, ref window, maxDepth, pending);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(pending);
        }
    }

    /// <summary>
    /// The walk, from <paramref name="bytes"/>, the window's first span. The position in the span, and the values
    /// left and the kind of the level being walked, live in locals; <paramref name="pending"/> holds only the levels
    /// above it, each as its values left times two, plus one for a wrapper. <c>room</c> is how many more levels
    /// that are not wrappers the depth limit allows. A value whose code tells its size
    /// (<see cref="ValueLengths.TrySkipFixedLength"/>) is stepped over first, then fixmaps and fixarrays, then str8, bin8
    /// and ext8; any other value through <see cref="ValueLengths.Measure"/>.
    /// </summary>
    /// <remarks>
    /// A value whose code tells its size moves the position on unchecked, so the position can pass the span's end;
    /// it is compared with the end before the next byte is read (where the window moves to the next segment) and
    /// when the walk ends, and a position past the payload's end is the same <see cref="EndOfStreamException"/> the
    /// value would have thrown. Only ascents, which read nothing, come in between.
    /// </remarks>
    private static void Walk<TWindow>(ReadOnlySpan<byte> bytes, ref TWindow window, int maxDepth, Span<long> pending)
        where TWindow : struct, IPayloadWindow
    {
        var position = 0;
        var depth = 0;
        var room = maxDepth;
        var remaining = 1L;
        var inWrapper = false;
        while (true)
        {
            if (remaining == 0)
            {
                if (depth == 0)
                {
                    break;
                }

                room += inWrapper ? 0 : 1;
                depth--;
                remaining = pending[depth] >> 1;
                inWrapper = (pending[depth] & 1) != 0;
                continue;
            }

            remaining--;
            if ((uint)position >= (uint)bytes.Length)
            {
                if (window.HasSegments)
                {
                    position = window.MoveOn(position);
                    bytes = window.Span;
                }

                if ((uint)position >= (uint)bytes.Length)
                {
                    throw (uint)position > (uint)bytes.Length ? new EndOfStreamException() : EndsInsideValue(window.Offset(position), remaining + 1);
                }
            }

            var code = bytes[position];
            if (ValueLengths.TrySkipFixedLength(code, ref position))
            {
                continue;
            }

            long count = ValueLengths.FixedCount(code);
            if (count >= 0)
            {
                position++;
            }
            else
            {
                ref readonly var lead = ref ValueLengths.Of(code);
                if (lead.FieldWidth == 1 && lead.Scale == 0 && lead.HeaderLength <= bytes.Length - position)
                {
                    // str8, bin8 and ext8, common enough to be measured here: at most 258 bytes, so the position may
                    // pass the span's end as a fixed-length value's does.
                    ValueLengths.Measure(lead, bytes[position..], out var shortLength);
                    position += (int)shortLength;
                    continue;
                }

                if (lead.IsNeverUsed)
                {
                    throw NeverUsed(code, window.Offset(position));
                }

                var header = lead.HeaderLength <= bytes.Length - position ? bytes[position..]
                    : window.HasSegments ? window.Gather(position, lead.HeaderLength)
                    : throw new EndOfStreamException();
                count = ValueLengths.Measure(lead, header, out var length);
                if (length <= bytes.Length - position)
                {
                    position += (int)length;
                }
                else if (window.HasSegments)
                {
                    position = window.Skip(position, length);
                    bytes = window.Span;
                }
                else
                {
                    throw new EndOfStreamException();
                }

                if (count < 0)
                {
                    continue;
                }
            }

            var left = window.Left(position, bytes.Length);
            if (count > left)
            {
                throw new EndOfStreamException();
            }

            var wrapper = count == 2 && !inWrapper && IsTypeHeader(bytes.Length - position >= ValueLengths.LongestHeader || !window.HasSegments
                ? bytes[position..]
                : window.Gather(position, (int)Math.Min(ValueLengths.LongestHeader, left)));
            if (!wrapper)
            {
                if (room == 0)
                {
                    throw TooDeep(maxDepth);
                }

                room--;
            }

            pending[depth] = (remaining << 1) | (inWrapper ? 1L : 0L);
            depth++;
            remaining = count;
            inWrapper = wrapper;
        }

        var after = window.Left(position, bytes.Length);
        if (after != 0)
        {
            throw after < 0 ? new EndOfStreamException() : BytesAfterValue(after);
        }
    }

    /// <summary>
    /// True if <paramref name="next"/>, the bytes from the next value on (at least one), starts an extension of type
    /// <see cref="PickleExtensions.ObjectHeader"/>; an <see cref="EndOfStreamException"/> if an extension's header is cut short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsTypeHeader(ReadOnlySpan<byte> next)
    {
        var typeOffset = ValueLengths.Of(next[0]).TypeOffset;
        if (typeOffset < 0)
        {
            return false;
        }

        if (next.Length <= typeOffset)
        {
            throw new EndOfStreamException();
        }

        return unchecked((sbyte)next[typeOffset]) == PickleExtensions.ObjectHeader;
    }

    private static PickleException NeverUsed(byte code, long offset) =>
        new($"The payload holds the byte 0x{code:X2} at offset {offset:N0}, which starts no value. " +
            "The file is damaged or was not written by Pickle.");

    private static PickleException EndsInsideValue(long consumed, long declared) =>
        new($"The payload ends in the middle of a value (after {consumed:N0} bytes, {declared:N0} more values were declared). " +
            "The file is damaged or was written by a faulty serializer; restore it from a good copy.");

    private static PickleException TooDeep(int maxDepth) =>
        new($"The payload nests arrays and objects more than {maxDepth:N0} deep, the limit of PickleOptions.MaxDepth. " +
            "The file is damaged or hostile; if you trust it and its values really are this deep, load it with a larger MaxDepth.");

    private static PickleException BytesAfterValue(long left) =>
        new($"The payload holds {left:N0} more bytes after its value. The file is damaged or was written by a faulty serializer.");

    /// <summary>
    /// The walk's view of the payload: where its span is in the payload, and the moves to the other segments.
    /// Positions are the walk's, relative to the span's start; they go in and out by value, so that the walk's own
    /// state stays in registers. The moves are off the walk's common path, and made only when
    /// <see cref="HasSegments"/>.
    /// </summary>
    private interface IPayloadWindow
    {
        /// <summary>Whether the payload has more than one segment; if not, the walk's span is all of it, and it calls no move.</summary>
        bool HasSegments { get; }

        /// <summary>The current segment's bytes.</summary>
        ReadOnlySpan<byte> Span { get; }

        /// <summary>Where <paramref name="position"/> is in the payload.</summary>
        long Offset(int position);

        /// <summary>The payload's bytes from <paramref name="position"/> on (negative past its end); <paramref name="spanLength"/> is <see cref="Span"/>'s.</summary>
        long Left(int position, int spanLength);

        /// <summary>
        /// Moves to the segment that holds <paramref name="position"/>, a position at or past the span's end, and
        /// returns the position in it; at the last segment, stays and returns the position unchanged.
        /// </summary>
        int MoveOn(int position);

        /// <summary>
        /// Moves <paramref name="length"/> bytes on from <paramref name="position"/>, past the span's end, and returns
        /// the position reached (at most the end of the span that holds it); an <see cref="EndOfStreamException"/>
        /// if the payload has fewer left.
        /// </summary>
        int Skip(int position, long length);

        /// <summary>
        /// The <paramref name="length"/> bytes (at most <see cref="ValueLengths.LongestHeader"/>) from
        /// <paramref name="position"/> (at most the span's end) on, from the span and the segments after it; an
        /// <see cref="EndOfStreamException"/> if the payload has fewer left. Does not move.
        /// </summary>
        ReadOnlySpan<byte> Gather(int position, int length);
    }

    /// <summary>
    /// A payload in one segment: the walk's span is all of it, so a value that passes the span's end passes the
    /// payload's, and there is nothing to move to. The walk compiled for it has no call in its loop.
    /// </summary>
    private readonly struct SpanWindow : IPayloadWindow
    {
        public bool HasSegments => false;

        public ReadOnlySpan<byte> Span => throw new UnreachableException();

        public long Offset(int position) => position;

        public long Left(int position, int spanLength) => (long)spanLength - position;

        public int MoveOn(int position) => throw new UnreachableException();

        public int Skip(int position, long length) => throw new UnreachableException();

        public ReadOnlySpan<byte> Gather(int position, int length) => throw new UnreachableException();
    }

    /// <summary>A payload in several segments; headers that straddle two are gathered into a scratch array.</summary>
    private struct SegmentWindow : IPayloadWindow
    {
        private readonly ReadOnlySequence<byte> _payload;
        private readonly long _length;
        private ReadOnlyMemory<byte> _segment;
        private SequencePosition _next;
        private long _start;
        private byte[]? _scratch;

        public SegmentWindow(ReadOnlySequence<byte> payload)
        {
            _payload = payload;
            _length = payload.Length;
            _next = payload.Start;
            TryNextSegment();
        }

        public readonly bool HasSegments => true;

        public readonly ReadOnlySpan<byte> Span => _segment.Span;

        public readonly long Offset(int position) => _start + position;

        public readonly long Left(int position, int spanLength) => _length - _start - position;

        [MethodImpl(MethodImplOptions.NoInlining)]
        public int MoveOn(int position)
        {
            while (position >= _segment.Length)
            {
                var passed = _segment.Length;
                if (!TryNextSegment())
                {
                    break;
                }

                position -= passed;
            }

            return position;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public int Skip(int position, long length)
        {
            if (length > Left(position, 0))
            {
                throw new EndOfStreamException();
            }

            var target = position + length;
            while (target > _segment.Length)
            {
                target -= _segment.Length;
                TryNextSegment();
            }

            return (int)target;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public ReadOnlySpan<byte> Gather(int position, int length)
        {
            if (length > Left(position, 0))
            {
                throw new EndOfStreamException();
            }

            var scratch = _scratch ??= new byte[ValueLengths.LongestHeader];
            var gathered = Math.Min(length, _segment.Length - position);
            _segment.Span.Slice(position, gathered).CopyTo(scratch);
            var next = _next;
            while (gathered < length && _payload.TryGet(ref next, out var memory))
            {
                var take = Math.Min(memory.Length, length - gathered);
                memory.Span[..take].CopyTo(scratch.AsSpan(gathered));
                gathered += take;
            }

            return scratch.AsSpan(0, length);
        }

        /// <summary>Moves to the next segment that is not empty; false, without moving, if there is none.</summary>
        private bool TryNextSegment()
        {
            var next = _next;
            while (_payload.TryGet(ref next, out var memory))
            {
                if (!memory.IsEmpty)
                {
                    _start += _segment.Length;
                    _segment = memory;
                    _next = next;
                    return true;
                }
            }

            return false;
        }
    }
}
