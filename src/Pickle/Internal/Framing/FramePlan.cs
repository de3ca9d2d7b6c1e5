using System.Collections.Concurrent;

namespace Pickling.Internal;

/// <summary>Where a frame's payload is read from: the three ways a frame reader can take it in.</summary>
internal enum PayloadSource
{
    /// <summary>Used where it lies, in the buffer of a <see cref="MemoryStream"/>.</summary>
    Borrowed,

    /// <summary>Read into pooled buffers, then verified, then given to the serializer.</summary>
    Pooled,

    /// <summary>Read from the stream by the serializer itself (<see cref="IStreamingPickleSerializer"/>), hashed as it arrives.</summary>
    Streamed,
}

/// <summary>
/// Every size threshold of reading and writing frames, and every decision made from them: where a payload is read
/// from, whether it is verified while the serializer reads it, and whether it is hashed on another core. Nothing
/// else in Pickle compares a payload's length with a constant.
/// </summary>
internal static class FramePlan
{
    /// <summary>
    /// Payloads from this size on are verified as they are read (from a stream) or deserialized (in memory) rather
    /// than in a pass of their own, and a writer computes their trailer while it writes them.
    /// </summary>
    public const int LargePayload = 1024 * 1024;

    /// <summary>Payloads from this size on are hashed on another core, if there is one.</summary>
    public const int BackgroundPayload = 4 * 1024 * 1024;

    /// <summary>The unit in which a writer hands a large payload to the stream and the hasher.</summary>
    public const int WriteSlice = 1024 * 1024;

    /// <summary>The largest block a frame's check reads at a time when it does not keep the payload (<see cref="FrameReader.SkipAsync"/>).</summary>
    public const int SkipBlock = 1024 * 1024;

    /// <summary>Whether each type of stream tells a length Pickle sizes memory by (<see cref="TrustsLength"/>).</summary>
    private static readonly ConcurrentDictionary<Type, bool> LengthsTrusted = new();

    /// <summary>The first block read from a stream that cannot tell its length: a short stream costs no more than this.</summary>
    private const int FirstUnverifiedBlock = 64 * 1024;

    /// <summary>Blocks read from a stream of unknown length double up to this, so that a lying header costs at most twice what is there.</summary>
    private const int LargestUnverifiedBlock = 64 * 1024 * 1024;

    /// <summary>
    /// Where to read the payload of <paramref name="header"/> from <paramref name="stream"/>, given the serializer the
    /// frame's format names (<see langword="null"/> if none of the options reads it). A stream known to be too short
    /// for the frame is a <see cref="PickleException"/> here, before anything is allocated for it.
    /// </summary>
    public static PayloadSource SourceFor(Stream stream, FrameHeader header, PickleOptions options, IPickleSerializer? serializer)
    {
        var remaining = RemainingFor(stream, header);
        if (StreamBytes.CanBorrow(stream))
        {
            return PayloadSource.Borrowed;
        }

        return header.PayloadLength >= LargePayload
            && header.Compression == PickleCompression.None
            && remaining >= 0
            && serializer is IStreamingPickleSerializer
            && (!options.HasSigningKey || header.IsSigned)
                ? PayloadSource.Streamed
                : PayloadSource.Pooled;
    }

    /// <summary>
    /// Whether a payload in memory is verified while <paramref name="serializer"/> reads it: a large, contiguous,
    /// uncompressed one, unless the options require a signature, which is always checked before anything is built.
    /// </summary>
    public static bool VerifiesWhileDeserializing(FrameHeader header, bool contiguous, PickleOptions options, IPickleSerializer? serializer) =>
        contiguous
        && header.PayloadLength >= LargePayload
        && header.Compression == PickleCompression.None
        && !options.HasSigningKey
        && serializer is IStreamingPickleSerializer;

    /// <summary>
    /// Whether the hashes of a payload of <paramref name="length"/> bytes are computed on another core: only for a large
    /// one whose bytes stay where they are until checked, by a synchronous call (an asynchronous one does not block
    /// while it waits for the stream), on a machine with a core to spare.
    /// </summary>
    public static bool HashesInBackground(long length, bool useAsync, bool bytesStay) =>
        !useAsync && bytesStay && length >= BackgroundPayload && Environment.ProcessorCount > 1;

    /// <summary>Whether a writer computes a frame's trailer while it writes the payload, rather than when it makes the frame.</summary>
    public static bool HashesWhileWriting(long length, bool hasBorrowed) => hasBorrowed || length >= LargePayload;

    /// <summary>
    /// Whether a writer hashes the payload on another core while it writes it: not if part of it is borrowed from the
    /// value, which its owner may still change, so that every slice of those is copied, then hashed and written from the copy.
    /// </summary>
    public static bool HashesWhileWritingInBackground(long length, bool hasBorrowed) =>
        !hasBorrowed && length >= BackgroundPayload && Environment.ProcessorCount > 1;

    /// <summary>How many bytes the next read of a pooled payload asks for.</summary>
    public static int NextPooledRead(long remaining, long readSoFar, bool lengthKnown) =>
        lengthKnown
            ? (int)Math.Min(remaining, Array.MaxLength)
            : (int)Math.Min(remaining, Math.Clamp(readSoFar, FirstUnverifiedBlock, LargestUnverifiedBlock));

    /// <summary>
    /// The bytes the stream has left, or -1 if it cannot tell or its length is not one Pickle sizes memory by
    /// (<see cref="TrustsLength"/>); a <see cref="PickleException"/> if the length it tells cannot hold the frame.
    /// </summary>
    public static long RemainingFor(Stream stream, FrameHeader header)
    {
        var left = StreamBytes.Remaining(stream);
        if (left >= 0)
        {
            CheckFits(header, left);
        }

        return TrustsLength(stream) ? left : -1;
    }

    /// <summary>A <see cref="PickleException"/> if the <paramref name="left"/> bytes after <paramref name="header"/> cannot hold its payload and trailer.</summary>
    public static void CheckFits(FrameHeader header, long left)
    {
        if (header.PayloadLength > left - header.TrailerLength)
        {
            throw DoesNotFit(header, left);
        }
    }

    private static PickleDamagedException DoesNotFit(FrameHeader header, long left) =>
        PickleErrors.Truncated($"it declares {header.PayloadLength:N0} payload bytes and a trailer of {header.TrailerLength} bytes, but only {left:N0} bytes remain");

    /// <summary>
    /// Whether the length <paramref name="stream"/> tells may size an allocation before the bytes have arrived: only
    /// that of a file or of memory, as .NET's <see cref="FileStream"/>, <see cref="MemoryStream"/> and
    /// <see cref="UnmanagedMemoryStream"/> tell it. Any other stream's length (one of its own, which may say
    /// gigabytes where there are bytes) only refuses a frame it cannot hold; its payload is read in blocks that grow
    /// as bytes arrive, and no array is made for bytes not yet read.
    /// </summary>
    public static bool TrustsLength(Stream stream) =>
        StreamBytes.Remaining(stream) >= 0 && LengthsTrusted.GetOrAdd(stream.GetType(), static type =>
            type.GetProperty(nameof(Stream.Length), typeof(long))!.GetMethod!.DeclaringType is var declarer
            && (declarer == typeof(FileStream) || declarer == typeof(MemoryStream) || declarer == typeof(UnmanagedMemoryStream)));
}
