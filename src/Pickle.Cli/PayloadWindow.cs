using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MessagePack;

namespace Pickling.Cli;

/// <summary>
/// A bounded window over a payload that is read from a stream, for a <see cref="MessagePackReader"/> that walks a
/// payload of any size: the reader sees the bytes in the window, and <see cref="Ensure"/> slides the window on,
/// giving the reader a new view, when the reader nears its end. The window holds <see cref="Lookahead"/> bytes at
/// least, and grows to hold one value that is larger (a long string, a binary or an extension, which the converter
/// reads whole), never past what the payload holds. Values a reader passes over (<see cref="SkipValues"/>) are read
/// token by token and dropped, never held.
/// </summary>
internal sealed class PayloadWindow : IDisposable
{
    /// <summary>The bytes the reader has ahead of it, at least, before each value: more than any header or root type takes.</summary>
    public const int Lookahead = 64 * 1024;

    /// <summary>UTF-8 as the MessagePack reader decodes strings: an invalid byte becomes U+FFFD.</summary>
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Stream _source;
    private byte[] _buffer;
    private int _filled;
    private long _bufferOffset;

    /// <param name="source">The payload's bytes, from its first; the window reads it forward only and does not dispose it.</param>
    /// <param name="length">The payload's length in bytes.</param>
    public PayloadWindow(Stream source, long length)
    {
        _source = source;
        Length = length;
        _buffer = ArrayPool<byte>.Shared.Rent(4 * Lookahead);
    }

    /// <summary>The payload's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The most bytes the window has held at once.</summary>
    public int LargestWindow { get; private set; }

    /// <summary>A reader at the payload's first byte.</summary>
    public MessagePackReader Open()
    {
        var reader = new MessagePackReader(ReadOnlyMemory<byte>.Empty);
        Ensure(ref reader, Lookahead);
        return reader;
    }

    /// <summary>The bytes of the payload after the reader's position.</summary>
    public long Left(in MessagePackReader reader) => Length - _bufferOffset - reader.Consumed;

    /// <summary>Whether the reader is at the end of the whole payload.</summary>
    public bool AtEnd(in MessagePackReader reader) => Left(reader) == 0;

    /// <summary>
    /// Makes sure that the reader has <paramref name="bytes"/> ahead of it in its view, or all that the payload has
    /// left, moving the window on (and giving <paramref name="reader"/> a new view) when it has not.
    /// </summary>
    /// <exception cref="InvalidOperationException">One value is larger than a window can hold.</exception>
    /// <exception cref="EndOfStreamException">The stream ends before the payload does.</exception>
    public void Ensure(ref MessagePackReader reader, long bytes)
    {
        var consumed = (int)reader.Consumed;
        var unread = _filled - consumed;
        var needed = Math.Min(bytes, Left(reader));
        if (unread >= needed)
        {
            return;
        }

        if (needed > Array.MaxLength)
        {
            throw new InvalidOperationException($"one value of the payload, at payload offset {_bufferOffset + consumed:N0}, takes {needed:N0} bytes, more than pickle can hold to show it");
        }

        var buffer = _buffer;
        if (needed > buffer.Length)
        {
            buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, Math.Max(needed, 2L * _buffer.Length)));
        }

        _buffer.AsSpan(consumed, unread).CopyTo(buffer);
        if (!ReferenceEquals(buffer, _buffer))
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = buffer;
        }

        _bufferOffset += consumed;
        _filled = unread;
        var fill = (int)Math.Min(_buffer.Length, Length - _bufferOffset);
        while (_filled < needed)
        {
            var got = _source.Read(_buffer.AsSpan(_filled, fill - _filled));
            if (got == 0)
            {
                throw new EndOfStreamException($"the payload's stream ended at payload offset {_bufferOffset + _filled:N0}, before its {Length:N0} bytes");
            }

            _filled += got;
        }

        LargestWindow = Math.Max(LargestWindow, _filled);
        reader = new MessagePackReader(_buffer.AsMemory(0, _filled));
    }

    /// <summary>
    /// Makes sure that the reader has <see cref="Lookahead"/> bytes ahead of it, and the whole of the next value when it
    /// is a string, a binary or an extension, which readers take in one piece; but not the whole of a string that
    /// <see cref="TryReadLongStringStart"/> reads, with <paramref name="maxCharacters"/>, only the start of.
    /// </summary>
    public void EnsureNextValue(ref MessagePackReader reader, int? maxCharacters)
    {
        Ensure(ref reader, Lookahead);
        if (!reader.End && TryMeasureBody(reader, out var headerLength, out var bodyLength)
            && !(reader.NextMessagePackType == MessagePackType.String && IsCut(bodyLength, maxCharacters)))
        {
            Ensure(ref reader, headerLength + bodyLength);
        }
    }

    /// <summary>
    /// For a string at the reader longer than the window and than <paramref name="maxCharacters"/> can take, reads its
    /// first <paramref name="maxCharacters"/> characters and counts the others as it reads past them, without holding
    /// them; false, reading nothing, for a shorter string, which the reader reads whole.
    /// </summary>
    public bool TryReadLongStringStart(ref MessagePackReader reader, int maxCharacters, out string start, out long charactersLeft)
    {
        start = string.Empty;
        charactersLeft = 0;
        if (!TryMeasureBody(reader, out var headerLength, out var bodyLength) || !IsCut(bodyLength, maxCharacters))
        {
            return false;
        }

        reader.ReadRaw(headerLength);
        if (bodyLength > Left(reader))
        {
            throw new EndOfStreamException($"a string at payload offset {Length - Left(reader) - headerLength:N0} takes {bodyLength:N0} bytes, more than the payload has left");
        }

        // At most 3 UTF-8 bytes per UTF-16 character, and 3 more for a character cut at the end: enough for the start.
        var decoder = Utf8.GetDecoder();
        var startBytes = (int)(3L * maxCharacters) + 3;
        Ensure(ref reader, startBytes);
        var chars = new char[Utf8.GetMaxCharCount(startBytes)];
        var decoded = decoder.GetChars(_buffer.AsSpan((int)reader.Consumed, startBytes), chars, flush: false);
        start = new string(chars, 0, maxCharacters);
        var characters = (long)decoded;
        reader.ReadRaw(startBytes);
        // Decoded, not only counted, so that the decoder carries a character cut between chunks over to the next.
        var scratch = new char[Utf8.GetMaxCharCount(Lookahead)];
        for (var rest = bodyLength - startBytes; rest > 0;)
        {
            Ensure(ref reader, Math.Min(rest, Lookahead));
            var chunk = (int)Math.Min(Math.Min(rest, _filled - reader.Consumed), Lookahead);
            characters += decoder.GetChars(_buffer.AsSpan((int)reader.Consumed, chunk), scratch, flush: rest == chunk);
            reader.ReadRaw(chunk);
            rest -= chunk;
        }

        charactersLeft = characters - maxCharacters;
        return true;
    }

    /// <summary>Reads past the next <paramref name="count"/> values without holding any of them.</summary>
    public void SkipValues(ref MessagePackReader reader, long count)
    {
        for (var pending = count; pending > 0; pending--)
        {
            Ensure(ref reader, Lookahead);
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Array:
                    pending += reader.TryReadArrayHeader(out var elements) ? elements : throw new EndOfStreamException();
                    break;
                case MessagePackType.Map:
                    pending += reader.TryReadMapHeader(out var entries) ? 2L * entries : throw new EndOfStreamException();
                    break;
                default:
                    if (TryMeasureBody(reader, out var headerLength, out var bodyLength))
                    {
                        SkipBytes(ref reader, headerLength + bodyLength);
                    }
                    else
                    {
                        reader.Skip();
                    }

                    break;
            }
        }
    }

    public void Dispose() => ArrayPool<byte>.Shared.Return(_buffer);

    /// <summary>
    /// Whether a string of <paramref name="bodyLength"/> bytes is read by its start only: when it is longer than the
    /// window, and has more characters than <paramref name="maxCharacters"/> for certain (at least one per 3 bytes).
    /// </summary>
    private static bool IsCut(long bodyLength, int? maxCharacters) =>
        maxCharacters is { } max && (3L * max) + 6 < Array.MaxLength && bodyLength > Math.Max(Lookahead, (3L * max) + 6);

    /// <summary>Moves the reader <paramref name="count"/> bytes on, reading past what the window holds without keeping it.</summary>
    private void SkipBytes(ref MessagePackReader reader, long count)
    {
        if (count > Left(reader))
        {
            throw new EndOfStreamException($"a value at payload offset {_bufferOffset + reader.Consumed:N0} takes {count:N0} bytes, more than the payload has left");
        }

        var unread = _filled - reader.Consumed;
        if (count <= unread)
        {
            reader.ReadRaw(count);
            return;
        }

        _bufferOffset += _filled;
        var rest = count - unread;
        _filled = 0;
        while (rest > 0)
        {
            var got = _source.Read(_buffer.AsSpan(0, (int)Math.Min(_buffer.Length, rest)));
            if (got == 0)
            {
                throw new EndOfStreamException($"the payload's stream ended at payload offset {_bufferOffset:N0}, before its {Length:N0} bytes");
            }

            _bufferOffset += got;
            rest -= got;
        }

        reader = new MessagePackReader(ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>The lengths of the header and of the body of the next value when it is a string, a binary or an extension.</summary>
    private static bool TryMeasureBody(MessagePackReader reader, out int headerLength, out long bodyLength)
    {
        var start = reader.Consumed;
        bool measured;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                measured = TryReadLength(ref reader, out bodyLength);
                break;
            case MessagePackType.Extension:
                measured = reader.TryReadExtensionFormatHeader(out var extension);
                bodyLength = extension.Length;
                break;
            case MessagePackType.Binary:
                measured = TryReadLength(ref reader, out bodyLength);
                break;
            default:
                headerLength = 0;
                bodyLength = 0;
                return false;
        }

        if (!measured)
        {
            throw new EndOfStreamException("the payload ends in the middle of a value's header");
        }

        headerLength = (int)(reader.Consumed - start);
        return true;
    }

    /// <summary>
    /// Reads a string's or a binary's header (a fixstr code, or a str or bin code and a big-endian length of 1, 2 or 4
    /// bytes), which the reader has no public method for.
    /// </summary>
    private static bool TryReadLength(ref MessagePackReader reader, out long length)
    {
        var code = reader.NextCode;
        length = 0;
        if (code is >= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr)
        {
            reader.ReadRaw(1);
            length = code & 0x1F;
            return true;
        }

        var lengthBytes = code switch
        {
            MessagePackCode.Str8 or MessagePackCode.Bin8 => 1,
            MessagePackCode.Str16 or MessagePackCode.Bin16 => 2,
            _ => 4,
        };
        if (reader.Sequence.Length - reader.Consumed < 1 + lengthBytes)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[5];
        reader.ReadRaw(1 + lengthBytes).CopyTo(header);
        length = lengthBytes switch
        {
            1 => header[1],
            2 => BinaryPrimitives.ReadUInt16BigEndian(header[1..]),
            _ => BinaryPrimitives.ReadUInt32BigEndian(header[1..]),
        };
        return true;
    }
}
