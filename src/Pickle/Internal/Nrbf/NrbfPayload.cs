using System.Formats.Nrbf;
using System.Reflection.Metadata;

namespace Pickling.Internal.Nrbf;

/// <summary>
/// Reads the records of one BinaryFormatter (NRBF) payload with System.Formats.Nrbf, which creates no type: any error
/// of the reader (a damaged, cut short or hostile payload) becomes a <see cref="PickleException"/> with the reader's
/// own error inside. The one place that calls the decoder, for the library and the tool.
/// </summary>
internal sealed class NrbfPayload
{
    /// <summary>The most nodes one type name may have (generic arguments, array ranks), as the reader counts them.</summary>
    private const int MaxTypeNameNodes = 64;

    private NrbfPayload(SerializationRecord root, IReadOnlyDictionary<SerializationRecordId, SerializationRecord> records, long length)
    {
        Root = root;
        Records = records;
        Length = length;
    }

    /// <summary>The root record: the object given to BinaryFormatter.Serialize.</summary>
    public SerializationRecord Root { get; }

    /// <summary>Every record of the payload, by id.</summary>
    public IReadOnlyDictionary<SerializationRecordId, SerializationRecord> Records { get; }

    /// <summary>The payload's length in bytes, as read from the stream.</summary>
    public long Length { get; }

    /// <summary>Reads one payload from <paramref name="stream"/>, leaving the stream open just after it.</summary>
    /// <exception cref="PickleException">The stream does not hold a whole, valid BinaryFormatter payload.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static NrbfPayload Read(Stream stream)
    {
        var counting = new CountingReadStream(stream);
        var options = new PayloadOptions { TypeNameParseOptions = new TypeNameParseOptions { MaxNodes = MaxTypeNameNodes } };
        try
        {
            var root = NrbfDecoder.Decode(counting, out var records, options, leaveOpen: true);
            return new NrbfPayload(root, records, counting.Count);
        }
        catch (Exception e) when (IsReaderError(e))
        {
            throw counting.Count > 0 && !counting.SawHeader ? NrbfErrors.NotBinaryFormatter() : NrbfErrors.Malformed(e);
        }
    }

    /// <summary>True for the errors System.Formats.Nrbf gives for bad input (not for a stream that fails).</summary>
    public static bool IsReaderError(Exception e) =>
        e is System.Runtime.Serialization.SerializationException or EndOfStreamException or NotSupportedException or FormatException
            or OverflowException or ArgumentException or InvalidOperationException or System.Text.DecoderFallbackException or InvalidCastException
            or KeyNotFoundException or IndexOutOfRangeException;

    /// <summary>The caller's stream, counted; never disposed or sought.</summary>
    private sealed class CountingReadStream(Stream inner) : Stream
    {
        public long Count { get; private set; }

        /// <summary>True once the first byte read was the header record's (0).</summary>
        public bool SawHeader { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => Count;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            if (Count == 0 && read > 0)
            {
                SawHeader = buffer[0] == 0;
            }

            Count += read;
            return read;
        }

        public override int ReadByte()
        {
            Span<byte> one = stackalloc byte[1];
            return Read(one) == 1 ? one[0] : -1;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
