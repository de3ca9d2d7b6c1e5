using System.Buffers;
using System.Buffers.Binary;
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
/// The walk reads the bytes of the payload's current segment directly; a header that straddles two segments is
/// gathered into a small buffer, so one-segment and many-segment payloads take the same path and fail alike. A value
/// cut short inside its header or its data is an <see cref="EndOfStreamException"/>, as MessagePack reports it.
/// </remarks>
internal static class PayloadShape
{
    /// <summary>The longest header of a value: ext 32 (code, 4-byte length, type).</summary>
    private const int MaxHeaderLength = 6;

    public static void Check(ReadOnlySequence<byte> payload, int maxDepth)
    {
        var cursor = new Cursor(payload);
        var pending = ArrayPool<long>.Shared.Rent(2 * maxDepth + 2);
        var isWrapper = ArrayPool<bool>.Shared.Rent(2 * maxDepth + 2);
        Span<byte> scratch = new byte[MaxHeaderLength];
        try
        {
            var depth = 0;
            var wrappers = 0;
            pending[0] = 1;
            isWrapper[0] = false;
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
                    throw new PickleException(
                        $"The payload ends in the middle of a value (after {cursor.Consumed:N0} bytes, {pending[depth] + 1:N0} more values were declared). " +
                        "The file is damaged or was written by a faulty serializer; restore it from a good copy.");
                }

                var count = ReadContainerOrSkip(ref cursor, scratch);
                if (count < 0)
                {
                    continue;
                }

                var wrapper = count == 2 && !isWrapper[depth] && StartsWithTypeHeader(ref cursor, scratch);
                if (!wrapper && depth - wrappers == maxDepth)
                {
                    throw new PickleException(
                        $"The payload nests arrays and objects more than {maxDepth:N0} deep, the limit of PickleOptions.MaxDepth. " +
                        "The file is damaged or hostile; if you trust it and its values really are this deep, load it with a larger MaxDepth.");
                }

                pending[++depth] = count;
                isWrapper[depth] = wrapper;
                wrappers += wrapper ? 1 : 0;
            }

            if (cursor.Remaining != 0)
            {
                throw new PickleException(
                    $"The payload holds {cursor.Remaining:N0} more bytes after its value. The file is damaged or was written by a faulty serializer.");
            }
        }
        finally
        {
            ArrayPool<long>.Shared.Return(pending);
            ArrayPool<bool>.Shared.Return(isWrapper);
        }
    }

    /// <summary>
    /// Reads the header of an array or a map and returns how many values it holds (a map's keys and values both
    /// count); skips any other value whole and returns -1.
    /// </summary>
    private static long ReadContainerOrSkip(ref Cursor cursor, Span<byte> scratch)
    {
        var code = cursor.Peek();
        switch (code)
        {
            case <= MessagePackCode.MaxFixInt or >= MessagePackCode.MinNegativeFixInt or MessagePackCode.Nil or MessagePackCode.False or MessagePackCode.True:
                cursor.Skip(1);
                return -1;
            case <= MessagePackCode.MaxFixMap:
                return Container(ref cursor, 1, 2L * (code & 0x0F));
            case <= MessagePackCode.MaxFixArray:
                return Container(ref cursor, 1, code & 0x0F);
            case <= MessagePackCode.MaxFixStr:
                cursor.Skip(1 + (code & 0x1F));
                return -1;
            case MessagePackCode.NeverUsed:
                throw new PickleException(
                    $"The payload holds the byte 0x{code:X2} at offset {cursor.Consumed:N0}, which MessagePack never uses. " +
                    "The file is damaged or was not written by Pickle.");
            case MessagePackCode.Bin8 or MessagePackCode.Str8:
                cursor.Skip(2 + (long)cursor.PeekHeader(2, scratch)[1]);
                return -1;
            case MessagePackCode.Bin16 or MessagePackCode.Str16:
                cursor.Skip(3 + (long)BinaryPrimitives.ReadUInt16BigEndian(cursor.PeekHeader(3, scratch)[1..]));
                return -1;
            case MessagePackCode.Bin32 or MessagePackCode.Str32:
                cursor.Skip(5 + (long)BinaryPrimitives.ReadUInt32BigEndian(cursor.PeekHeader(5, scratch)[1..]));
                return -1;
            case MessagePackCode.Ext8:
                cursor.Skip(3 + (long)cursor.PeekHeader(3, scratch)[1]);
                return -1;
            case MessagePackCode.Ext16:
                cursor.Skip(4 + (long)BinaryPrimitives.ReadUInt16BigEndian(cursor.PeekHeader(4, scratch)[1..]));
                return -1;
            case MessagePackCode.Ext32:
                cursor.Skip(6 + (long)BinaryPrimitives.ReadUInt32BigEndian(cursor.PeekHeader(6, scratch)[1..]));
                return -1;
            case MessagePackCode.UInt8 or MessagePackCode.Int8:
                cursor.Skip(2);
                return -1;
            case MessagePackCode.UInt16 or MessagePackCode.Int16:
                cursor.Skip(3);
                return -1;
            case MessagePackCode.UInt32 or MessagePackCode.Int32 or MessagePackCode.Float32:
                cursor.Skip(5);
                return -1;
            case MessagePackCode.UInt64 or MessagePackCode.Int64 or MessagePackCode.Float64:
                cursor.Skip(9);
                return -1;
            case MessagePackCode.FixExt1:
                cursor.Skip(3);
                return -1;
            case MessagePackCode.FixExt2:
                cursor.Skip(4);
                return -1;
            case MessagePackCode.FixExt4:
                cursor.Skip(6);
                return -1;
            case MessagePackCode.FixExt8:
                cursor.Skip(10);
                return -1;
            case MessagePackCode.FixExt16:
                cursor.Skip(18);
                return -1;
            case MessagePackCode.Array16:
                return Container(ref cursor, 3, BinaryPrimitives.ReadUInt16BigEndian(cursor.PeekHeader(3, scratch)[1..]));
            case MessagePackCode.Array32:
                return Container(ref cursor, 5, BinaryPrimitives.ReadUInt32BigEndian(cursor.PeekHeader(5, scratch)[1..]));
            case MessagePackCode.Map16:
                return Container(ref cursor, 3, 2L * BinaryPrimitives.ReadUInt16BigEndian(cursor.PeekHeader(3, scratch)[1..]));
            default:
                return Container(ref cursor, 5, 2L * BinaryPrimitives.ReadUInt32BigEndian(cursor.PeekHeader(5, scratch)[1..]));
        }
    }

    /// <summary>Moves past a container's header; each value it declares needs at least one byte, which must be there.</summary>
    private static long Container(ref Cursor cursor, int headerLength, long count)
    {
        cursor.Skip(headerLength);
        if (count > cursor.Remaining)
        {
            throw new EndOfStreamException();
        }

        return count;
    }

    /// <summary>True if the next value is an extension of type <see cref="ObjectHeaders.HeaderCode"/>. Does not move the cursor.</summary>
    private static bool StartsWithTypeHeader(ref Cursor cursor, Span<byte> scratch)
    {
        var typeOffset = cursor.Peek() switch
        {
            MessagePackCode.FixExt1 or MessagePackCode.FixExt2 or MessagePackCode.FixExt4 or MessagePackCode.FixExt8 or MessagePackCode.FixExt16 => 1,
            MessagePackCode.Ext8 => 2,
            MessagePackCode.Ext16 => 3,
            MessagePackCode.Ext32 => 5,
            _ => -1,
        };
        return typeOffset > 0 && unchecked((sbyte)cursor.PeekHeader(typeOffset + 1, scratch)[typeOffset]) == ObjectHeaders.HeaderCode;
    }

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
