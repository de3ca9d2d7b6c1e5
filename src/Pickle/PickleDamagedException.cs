using Pickling.Internal;

namespace Pickling;

/// <summary>
/// The error raised for a frame that is damaged or cut short: its bytes changed after it was written (a checksum or a
/// header field does not match), or the stream ends in the middle of it. <see cref="FrameIndex"/> and
/// <see cref="FrameOffset"/> say which frame it is, when Pickle knows, and the message names it too
/// ("frame 3 at byte offset 1,234"), so that a program can report the damage, keep the frames before it or repair the
/// file (<c>pickle repair FILE -o OUT</c> copies every intact frame).
/// </summary>
/// <remarks>
/// <para>
/// <see cref="FrameOffset"/> is the position of the frame's first byte: from the start of the file for the file
/// methods and of the data for <c>LoadFromBytes</c>; the stream's position for <c>Load</c> and <c>LoadAll</c> on a
/// stream that can seek; and, when <c>LoadAll</c> reads a stream that cannot seek, counted from where
/// <c>LoadAll</c> started. <c>Load</c> on a stream that cannot seek does not know it.
/// </para>
/// <para>
/// <see cref="FrameIndex"/> (1 for the first frame) is known only where Pickle read every frame before this one:
/// <c>LoadAll</c>, <c>LoadAllFromFile</c> and their async twins count the frames they read (from where they started),
/// and <c>LoadFromFile</c> and <c>LoadFromBytes</c> read the first frame. A single <c>Load</c> from a stream does not
/// know how many frames came before.
/// </para>
/// </remarks>
public class PickleDamagedException : PickleException
{
    private string? _locatedMessage;

    /// <summary>Creates an exception with a default message.</summary>
    public PickleDamagedException()
        : base(PickleErrors.DamagedDefaultMessage)
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    public PickleDamagedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the error that caused it.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public PickleDamagedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a damaged frame whose place is known.</summary>
    /// <param name="message">What is wrong and what to do about it, naming the frame.</param>
    /// <param name="frameIndex">The frame's number, 1 for the first, or <see langword="null"/> if it is not known.</param>
    /// <param name="frameOffset">The frame's first byte's position, or <see langword="null"/> if it is not known.</param>
    /// <param name="isTruncated">Whether the data ends in the middle of the frame.</param>
    /// <param name="innerException">The error that caused this one.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="frameIndex"/> is less than 1 or <paramref name="frameOffset"/> is negative.</exception>
    public PickleDamagedException(string message, int? frameIndex, long? frameOffset, bool isTruncated, Exception? innerException)
        : base(message, innerException)
    {
        if (frameIndex is { } index)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(index, 1, nameof(frameIndex));
        }

        if (frameOffset is { } offset)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(offset, nameof(frameOffset));
        }

        FrameIndex = frameIndex;
        FrameOffset = frameOffset;
        IsTruncated = isTruncated;
    }

    /// <summary>The damaged frame's number, 1 for the first frame, or <see langword="null"/> if it is not known.</summary>
    public int? FrameIndex { get; private set; }

    /// <summary>The position of the damaged frame's first byte, or <see langword="null"/> if it is not known.</summary>
    public long? FrameOffset { get; private set; }

    /// <summary>
    /// Whether the data ends in the middle of the frame (a file cut short, or one still being written), rather than
    /// holding bytes that changed after they were written.
    /// </summary>
    public bool IsTruncated { get; }

    /// <inheritdoc/>
    public override string Message => _locatedMessage ?? base.Message;

    /// <summary>What is wrong with the frame, as a clause ("its checksum does not match its contents"), for messages that say more around it.</summary>
    internal string? Reason { get; init; }

    /// <summary>Records where the frame is, once, where the reader knows it, and names it in the message.</summary>
    internal void Locate(int? frameIndex, long? frameOffset)
    {
        if (FrameIndex is not null || FrameOffset is not null || (frameIndex is null && frameOffset is null))
        {
            return;
        }

        FrameIndex = frameIndex;
        FrameOffset = frameOffset;
        _locatedMessage = PickleErrors.Located(base.Message, frameIndex, frameOffset);
    }
}
