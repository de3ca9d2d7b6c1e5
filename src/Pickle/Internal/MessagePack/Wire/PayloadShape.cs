using System.Buffers;
using System.Runtime.CompilerServices;
using MessagePack;

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
/// A payload in one segment (the usual case) is walked over its span; one in several segments over each segment's
/// bytes, gathering only headers that straddle two. Both walks measure values alike (the span walk writes the fixed
/// lengths out as constants, the segment walk looks them up in <see cref="FixedLengths"/>) and fail alike. A value
/// cut short inside its header or its data is an <see cref="EndOfStreamException"/>, as MessagePack reports it.
/// </remarks>
internal static class PayloadShape
{
    /// <summary>The longest header of a value: ext 32 (code, 4-byte length, type).</summary>
    private const int MaxHeaderLength = 6;

    /// <summary>The bytes a value takes, for the codes that tell it alone (0 for the others).</summary>
    private static readonly byte[] FixedLengths = MakeFixedLengths();

    public static void Check(ReadOnlySequence<byte> payload, int maxDepth)
    {
        var pending = ArrayPool<long>.Shared.Rent(2 * maxDepth + 2);
        var isWrapper = ArrayPool<bool>.Shared.Rent(2 * maxDepth + 2);
        try
        {
            if (payload.IsSingleSegment)
            {
                CheckSpan(payload.FirstSpan, maxDepth, pending, isWrapper);
            }
            else
            {
                CheckSegments(payload, maxDepth, pending, isWrapper);
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(pending);
            ArrayPool<bool>.Shared.Return(isWrapper);
        }
    }

    /// <summary>
    /// The walk over one span, the usual case. The position, and the values left and the kind of the level being
    /// walked, live in locals; <paramref name="pending"/> and <paramref name="isWrapper"/> hold only the levels above
    /// it. The commonest values are measured before the general path through <see cref="Header"/> and
    /// <see cref="ValueLengths.Measure"/>: those whose code tells their size, each with its length as a constant, then fixmaps and
    /// fixarrays, then str8, bin8 and ext8.
    /// </summary>
    /// <remarks>
    /// A value whose code or one-byte length tells its size moves the position on unchecked, so the position can pass
    /// the end; it is compared with the end before the next byte is read and when the walk ends, and a position past
    /// the end is the same <see cref="EndOfStreamException"/> the value would have thrown. Only ascents, which read
    /// nothing, come in between.
    /// </remarks>
    private static void CheckSpan(ReadOnlySpan<byte> bytes, int maxDepth, long[] pending, bool[] isWrapper)
    {
        var position = 0;
        var depth = 0;
        var wrappers = 0;
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

                wrappers -= inWrapper ? 1 : 0;
                depth--;
                remaining = pending[depth];
                inWrapper = isWrapper[depth];
                continue;
            }

            remaining--;
            if ((uint)position >= (uint)bytes.Length)
            {
                throw (uint)position > (uint)bytes.Length ? new EndOfStreamException() : EndsInsideValue(position, remaining + 1);
            }

            var code = bytes[position];
            if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
            {
                position += 1 + (code - MessagePackCode.MinFixStr);
                continue;
            }

            if (code <= MessagePackCode.MaxFixInt)
            {
                position++;
                continue;
            }

            // Each length is a constant (as in FixedLengths): the next value's position then waits only on a branch,
            // which the processor predicts, not on loading the length from a table once the code is loaded.
            switch (code)
            {
                case MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True:
                    position += 1;
                    continue;
                case MessagePackCode.UInt8 or MessagePackCode.Int8:
                    position += 2;
                    continue;
                case MessagePackCode.UInt16 or MessagePackCode.Int16:
                    position += 3;
                    continue;
                case MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32:
                    position += 5;
                    continue;
                case MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64:
                    position += 9;
                    continue;
                case MessagePackCode.FixExt1:
                    position += 3;
                    continue;
                case MessagePackCode.FixExt2:
                    position += 4;
                    continue;
                case MessagePackCode.FixExt4:
                    position += 6;
                    continue;
                case MessagePackCode.FixExt8:
                    position += 10;
                    continue;
                case MessagePackCode.FixExt16:
                    position += 18;
                    continue;
                case >= MessagePackCode.MinNegativeFixInt:
                    position++;
                    continue;
            }

            long count;
            if (code <= MessagePackCode.MaxFixArray)
            {
                position++;
                count = code <= MessagePackCode.MaxFixMap ? 2 * (code & 0x0F) : code & 0x0F;
            }
            else if (code is MessagePackCode.Str8 or MessagePackCode.Bin8 or MessagePackCode.Ext8)
            {
                var headerLength = code == MessagePackCode.Ext8 ? 3 : 2;
                if (headerLength > bytes.Length - position)
                {
                    throw new EndOfStreamException();
                }

                position += headerLength + bytes[position + 1];
                continue;
            }
            else
            {
                var header = Header(code, position, bytes[position..]);
                count = ValueLengths.Measure(header, out var length);
                if (length > bytes.Length - position)
                {
                    throw new EndOfStreamException();
                }

                position += (int)length;
                if (count < 0)
                {
                    continue;
                }
            }

            if (count > bytes.Length - position)
            {
                throw new EndOfStreamException();
            }

            var wrapper = count == 2 && !inWrapper && IsTypeHeader(bytes[position..]);
            if (!wrapper && depth - wrappers == maxDepth)
            {
                throw TooDeep(maxDepth);
            }

            pending[depth] = remaining;
            isWrapper[depth] = inWrapper;
            depth++;
            remaining = count;
            inWrapper = wrapper;
            wrappers += wrapper ? 1 : 0;
        }

        if (position != bytes.Length)
        {
            throw (uint)position > (uint)bytes.Length ? new EndOfStreamException() : BytesAfterValue(bytes.Length - position);
        }
    }

    /// <summary>The same walk over a payload of several segments; headers that straddle two are gathered.</summary>
    private static void CheckSegments(ReadOnlySequence<byte> payload, int maxDepth, long[] pending, bool[] isWrapper)
    {
        var cursor = new Cursor(payload);
        Span<byte> scratch = new byte[MaxHeaderLength];
        pending[0] = 1;
        isWrapper[0] = false;
        var depth = 0;
        var wrappers = 0;
        while (true)
        {
            while (pending[depth] == 0 && depth > 0)
            {
                if (isWrapper[depth--])
                {
                    wrappers--;
                }
            }

            if (pending[depth] == 0)
            {
                break;
            }

            pending[depth]--;
            if (cursor.Remaining == 0)
            {
                throw EndsInsideValue(cursor.Consumed, pending[depth] + 1);
            }

            var code = cursor.Peek();
            int fixedLength = FixedLengths[code];
            if (fixedLength != 0)
            {
                cursor.Skip(fixedLength);
                continue;
            }

            var header = Header(code, cursor.Consumed, cursor.PeekHeader(ValueLengths.HeaderLength(code), scratch));
            var count = ValueLengths.Measure(header, out var length);
            cursor.Skip(length);
            if (count < 0)
            {
                continue;
            }

            if (count > cursor.Remaining)
            {
                throw new EndOfStreamException();
            }

            var wrapper = count == 2 && !isWrapper[depth] && IsTypeHeader(cursor.PeekHeader((int)Math.Min(MaxHeaderLength, cursor.Remaining), scratch));
            if (!wrapper && depth - wrappers == maxDepth)
            {
                throw TooDeep(maxDepth);
            }

            pending[++depth] = count;
            isWrapper[depth] = wrapper;
            wrappers += wrapper ? 1 : 0;
        }

        if (cursor.Remaining != 0)
        {
            throw BytesAfterValue(cursor.Remaining);
        }
    }

    /// <summary>
    /// The header of a value whose size its code alone does not tell: checks the code is one MessagePack uses and
    /// that <paramref name="available"/> (the bytes from the value on) holds the whole header.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ReadOnlySpan<byte> Header(byte code, long offset, ReadOnlySpan<byte> available)
    {
        if (code == MessagePackCode.NeverUsed)
        {
            throw new PickleException(
                $"The payload holds the byte 0x{code:X2} at offset {offset:N0}, which MessagePack never uses. " +
                "The file is damaged or was not written by Pickle.");
        }

        var length = ValueLengths.HeaderLength(code);
        if (available.Length < length)
        {
            throw new EndOfStreamException();
        }

        return available[..length];
    }

    /// <summary>
    /// True if <paramref name="next"/>, the bytes from the next value on (at least one), starts an extension of type
    /// <see cref="ObjectHeaders.HeaderCode"/>; an <see cref="EndOfStreamException"/> if an extension's header is cut short.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsTypeHeader(ReadOnlySpan<byte> next)
    {
        var typeOffset = next[0] switch
        {
            MessagePackCode.FixExt1 or MessagePackCode.FixExt2 or MessagePackCode.FixExt4 or MessagePackCode.FixExt8 or MessagePackCode.FixExt16 => 1,
            MessagePackCode.Ext8 => 2,
            MessagePackCode.Ext16 => 3,
            MessagePackCode.Ext32 => 5,
            _ => -1,
        };
        if (typeOffset < 0)
        {
            return false;
        }

        if (next.Length <= typeOffset)
        {
            throw new EndOfStreamException();
        }

        return unchecked((sbyte)next[typeOffset]) == ObjectHeaders.HeaderCode;
    }

    private static byte[] MakeFixedLengths()
    {
        var lengths = new byte[256];
        for (var code = 0; code < 256; code++)
        {
            lengths[code] = code switch
            {
                <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt => 1,
                >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr => (byte)(1 + (code & 0x1F)),
                MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True => 1,
                MessagePackCode.UInt8 or MessagePackCode.Int8 => 2,
                MessagePackCode.UInt16 or MessagePackCode.Int16 => 3,
                MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32 => 5,
                MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64 => 9,
                MessagePackCode.FixExt1 => 3,
                MessagePackCode.FixExt2 => 4,
                MessagePackCode.FixExt4 => 6,
                MessagePackCode.FixExt8 => 10,
                MessagePackCode.FixExt16 => 18,
                _ => 0,
            };
        }

        return lengths;
    }

    private static PickleException EndsInsideValue(long consumed, long declared) =>
        new($"The payload ends in the middle of a value (after {consumed:N0} bytes, {declared:N0} more values were declared). " +
            "The file is damaged or was written by a faulty serializer; restore it from a good copy.");

    private static PickleException TooDeep(int maxDepth) =>
        new($"The payload nests arrays and objects more than {maxDepth:N0} deep, the limit of PickleOptions.MaxDepth. " +
            "The file is damaged or hostile; if you trust it and its values really are this deep, load it with a larger MaxDepth.");

    private static PickleException BytesAfterValue(long left) =>
        new($"The payload holds {left:N0} more bytes after its value. The file is damaged or was written by a faulty serializer.");

    /// <summary>A position in the payload, with the unread bytes of its current segment at hand.</summary>
    private ref struct Cursor
    {
        private readonly ReadOnlySequence<byte> _payload;
        private SequencePosition _next;
        private ReadOnlySpan<byte> _span;

        public Cursor(ReadOnlySequence<byte> payload)
        {
            _payload = payload;
            Remaining = payload.Length;
            if (payload.IsSingleSegment)
            {
                _span = payload.FirstSpan;
                _next = payload.End;
            }
            else
            {
                _next = payload.Start;
                NextSegment();
            }
        }

        public long Consumed { get; private set; }

        public long Remaining { get; private set; }

        /// <summary>The next byte; there must be one.</summary>
        public readonly byte Peek() => _span[0];

        /// <summary>
        /// The next <paramref name="length"/> bytes, from the current segment or gathered into
        /// <paramref name="scratch"/>; an <see cref="EndOfStreamException"/> if the payload has fewer left.
        /// </summary>
        public readonly ReadOnlySpan<byte> PeekHeader(int length, Span<byte> scratch)
        {
            if (_span.Length >= length)
            {
                return _span[..length];
            }

            if (Remaining < length)
            {
                throw new EndOfStreamException();
            }

            _span.CopyTo(scratch);
            var gathered = _span.Length;
            var next = _next;
            while (gathered < length && _payload.TryGet(ref next, out var memory))
            {
                var take = Math.Min(memory.Length, length - gathered);
                memory.Span[..take].CopyTo(scratch[gathered..]);
                gathered += take;
            }

            return scratch[..length];
        }

        /// <summary>Moves <paramref name="count"/> bytes on; an <see cref="EndOfStreamException"/> if the payload has fewer left.</summary>
        public void Skip(long count)
        {
            if (count > Remaining)
            {
                throw new EndOfStreamException();
            }

            Consumed += count;
            Remaining -= count;
            while (count > 0)
            {
                if (count < _span.Length)
                {
                    _span = _span[(int)count..];
                    return;
                }

                count -= _span.Length;
                NextSegment();
            }
        }

        private void NextSegment()
        {
            _span = default;
            while (_payload.TryGet(ref _next, out var memory))
            {
                if (!memory.IsEmpty)
                {
                    _span = memory.Span;
                    return;
                }
            }
        }
    }
}
