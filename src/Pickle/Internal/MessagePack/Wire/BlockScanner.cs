using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Finds the large one-dimensional blits of a MessagePack payload while the payload is read from a stream, a span at
/// a time, so that their elements can be read straight into arrays of their own (FORMAT.md, "Large payloads").
/// </summary>
/// <remarks>
/// It only measures: it steps from value to value (into arrays and maps, over bodies), each measured by
/// <see cref="ValueLengths"/>' table as the shape check measures it, and checks nothing else. A
/// code MessagePack does not define stops it for good, and the rest is read as plain bytes. Its findings never change
/// what is loaded: the payload's bytes are the same wherever they are read to, and the serializer reads and reports
/// them as it would any other payload; a block's array is used as it is only where the serializer itself finds a blit
/// of exactly those bytes (<see cref="ArrayByteMemory.TryClaim{T}"/>).
/// </remarks>
internal struct BlockScanner
{
    /// <summary>The longest run of bytes <see cref="Scan"/> can leave unscanned at a span's end: ext 32's header and an element code.</summary>
    public const int LongestCutHeader = ValueLengths.LongestHeader + 1;

    private readonly long _payloadLength;
    private readonly int _smallestBlock;

    /// <summary>The payload's bytes scanned so far, including the elements of the blocks found.</summary>
    private long _position;

    /// <summary>The bytes of the current value's body that are still to be stepped over.</summary>
    private long _skip;

    /// <param name="payloadLength">The payload's length.</param>
    /// <param name="smallestBlock">The fewest bytes of elements a blit must have to be reported as a block.</param>
    public BlockScanner(long payloadLength, int smallestBlock)
    {
        _payloadLength = payloadLength;
        _smallestBlock = smallestBlock;
    }

    /// <summary>Whether the scanner has given up on the payload; all it is given from then on is plain bytes.</summary>
    public bool Stopped { get; private set; }

    /// <summary>
    /// Scans <paramref name="span"/>, the payload's next unscanned bytes, and returns how many it took: all of them;
    /// fewer when the span ends inside a value's header (at most <see cref="LongestCutHeader"/> bytes are left; scan
    /// them again followed by the bytes after them); or, when a one-dimensional blit of
    /// <c>smallestBlock</c> bytes of elements or more starts in the span, the bytes up to its first element. Then
    /// <paramref name="blockLength"/> is its elements' length (otherwise 0) and <paramref name="elementCode"/> their
    /// code; the elements count as scanned, and the caller reads them.
    /// </summary>
    public int Scan(ReadOnlySpan<byte> span, out byte elementCode, out long blockLength)
    {
        elementCode = 0;
        blockLength = 0;
        if (Stopped)
        {
            _position += span.Length;
            return span.Length;
        }

        // i may pass the span's end when a value's body does; the rest of the body is skipped in the next span.
        var i = (int)Math.Min(_skip, span.Length);
        _skip -= i;
        while (i < span.Length)
        {
            var code = span[i];
            if (ValueLengths.TrySkipFixedLength(code, ref i))
            {
                continue;
            }

            if (ValueLengths.FixedCount(code) >= 0)
            {
                // A fixmap or a fixarray: its values follow.
                i++;
                continue;
            }

            ref readonly var lead = ref ValueLengths.Of(code);
            if (lead.IsNeverUsed)
            {
                Stopped = true;
                _position += span.Length;
                return span.Length;
            }

            var head = lead.HeaderLength;
            if (i + head > span.Length)
            {
                _position += i;
                return i;
            }

            if (lead.Scale != 0)
            {
                // An array or a map: its values follow.
                i += head;
                continue;
            }

            // What is left: bin, str and ext with a length field.
            ValueLengths.Measure(lead, span.Slice(i, head), out var length);
            var body = length - head;
            if (body > _smallestBlock
                && lead.Type == MessagePackType.Extension
                && unchecked((sbyte)span[i + lead.TypeOffset]) == PickleExtensions.Vector)
            {
                if (i + head == span.Length)
                {
                    _position += i;
                    return i;
                }

                var size = BlitElements.SizeOf(span[i + head]);
                var elements = body - 1;
                if (size != 0
                    && elements % size == 0
                    && elements / size <= Array.MaxLength
                    && body <= _payloadLength - (_position + i + head))
                {
                    elementCode = span[i + head];
                    blockLength = elements;
                    var scanned = i + head + 1;
                    _position += scanned + elements;
                    return scanned;
                }
            }

            var next = i + head + body;
            if (next > span.Length)
            {
                _skip = next - span.Length;
                _position += span.Length;
                return span.Length;
            }

            i = (int)next;
        }

        _skip = i - span.Length;
        _position += span.Length;
        return span.Length;
    }
}
