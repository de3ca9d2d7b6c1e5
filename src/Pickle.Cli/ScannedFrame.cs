using System.Buffers;
using MessagePack;
using Pickling.Internal;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

/// <summary>
/// One frame as the tool found it: where it starts, what its header says, and either its checked payload or the
/// reason it could not be read. Disposing it returns the payload's buffers.
/// </summary>
internal sealed class ScannedFrame(int number, long offset, byte? flags, FrameHeader? header, IncomingFrame? frame, long end, PickleException? error)
    : IDisposable
{
    /// <summary>The frame's number in the file, from 1.</summary>
    public int Number { get; } = number;

    /// <summary>The byte offset of the frame's first byte in the file.</summary>
    public long Offset { get; } = offset;

    /// <summary>Where the frame is, as the library's messages say it: "frame 3 at byte offset 1,234".</summary>
    public string Where => PickleErrors.FrameAt(Number, Offset);

    /// <summary>The raw flags byte, when the header was read that far.</summary>
    public byte? Flags { get; } = flags;

    /// <summary>The parsed header, when it is intact.</summary>
    public FrameHeader? Header { get; } = header;

    /// <summary>The frame with its checked payload, when the whole frame is intact.</summary>
    public IncomingFrame? Frame { get; } = frame;

    /// <summary>The offset just past the frame, when it is intact.</summary>
    public long End { get; } = end;

    /// <summary>Why the frame could not be read, or <see langword="null"/> when it is intact.</summary>
    public PickleException? Error { get; } = error;

    /// <summary>Whether the bytes where the frame should start are not a pickle's at all (no magic bytes).</summary>
    public bool IsNotAPickle { get; init; }

    /// <summary>Whether the frame is intact but its signature did not pass the check with the key the tool was given.</summary>
    public bool SignatureFailed { get; init; }

    /// <summary>
    /// The name of the dumped value's type: a version-1 header's, or the root type at the start of a version-2
    /// MessagePack payload (read without loading any type); <see langword="null"/> when the frame does not say.
    /// </summary>
    public string? RootTypeName => Header switch
    {
        { Version: 1 } header => header.TypeName,
        { Format: MessagePackPickleSerializer.FormatName } when Frame is not null => SplitPayload().RootType,
        _ => PeekedRootType,
    };

    /// <summary>
    /// For an intact frame whose payload was checked but not kept, the file it lies in and the options to read it
    /// with, so that its content can be read again from there (<see cref="FrameContent"/>).
    /// </summary>
    public (Stream File, PickleOptions Options)? Source { get; init; }

    /// <summary>The root type read from the first bytes of a frame whose payload was not kept.</summary>
    public string? PeekedRootType { get; init; }

    /// <summary>
    /// The root type of a version-2 MessagePack payload when it is a type named in full (a class or struct of a
    /// program, which a version-1 payload named in the root's object header), so that conversions add it as
    /// <c>"$type"</c> as they do for a version-1 root; <see langword="null"/> for the types the payload gives a code.
    /// </summary>
    public string? NamedRootType
    {
        get
        {
            if (Header is not { Version: > 1, Format: MessagePackPickleSerializer.FormatName } || Frame is null)
            {
                return null;
            }

            var reader = new MessagePackReader(Frame.Payload.AsSequence());
            return !reader.End && reader.NextMessagePackType == MessagePackType.String ? SplitPayload().RootType : null;
        }
    }

    /// <summary>The payload's value: the whole payload, but for the root type a version-2 MessagePack payload starts with.</summary>
    /// <exception cref="InvalidOperationException">The payload does not start with a root type.</exception>
    public ReadOnlySequence<byte> Value =>
        Header is { Version: > 1, Format: MessagePackPickleSerializer.FormatName }
            ? SplitPayload().Value ?? throw new InvalidOperationException("the payload does not start with a valid root type")
            : Frame!.Payload.AsSequence();

    public void Dispose() => Frame?.Dispose();

    private (string? RootType, ReadOnlySequence<byte>? Value) SplitPayload()
    {
        var payload = Frame!.Payload.AsSequence();
        var reader = new MessagePackReader(payload);
        return RootType.TryReadName(ref reader, out var name) ? (name, payload.Slice(reader.Position)) : (null, null);
    }

    /// <summary>Describes a flags byte: bit 0 signed, bits 1-2 the compression codec, any other bit unknown.</summary>
    public static string DescribeFlags(byte flags)
    {
        if (flags == 0)
        {
            return "0x00 (none)";
        }

        var parts = new List<string>();
        if ((flags & 0x01) != 0)
        {
            parts.Add("signed");
        }

        var codec = (flags >> 1) & 0x03;
        if (codec != 0)
        {
            parts.Add(codec switch
            {
                (int)PickleCompression.Lz4 => "LZ4-compressed",
                (int)PickleCompression.Zstd => "Zstandard-compressed",
                _ => $"compressed with unknown codec {codec}",
            });
        }

        var unknown = flags & ~0x07;
        if (unknown != 0)
        {
            parts.Add($"unknown bits 0x{unknown:X2}");
        }

        return $"0x{flags:X2} ({string.Join(", ", parts)})";
    }
}
