using System.Reflection;
using MessagePack;

namespace Pickling.Internal;

/// <summary>
/// The errors Pickle reports about a frame's content, in one place: each says what is wrong and what to do. The
/// errors a serializer throws are translated into these at one boundary, <see cref="Loading"/> and <see cref="Dumping"/>.
/// </summary>
internal static class PickleErrors
{
    /// <summary>How every message about a damaged or truncated frame starts; <see cref="Located"/> names the frame after it.</summary>
    public const string DamagedStart = "The pickle is damaged";

    /// <summary>The message of a <see cref="PickleDamagedException"/> made without one.</summary>
    public const string DamagedDefaultMessage = DamagedStart + ": its bytes changed after it was written, or it was cut short.";

    /// <summary>A frame whose bytes changed after it was written.</summary>
    public static PickleDamagedException Damaged(string what, Exception? innerException = null) =>
        new($"{DamagedStart}: {what}. The file was corrupted or cut short after it was written; restore it from a good copy.", innerException)
        {
            Reason = what,
        };

    /// <summary>A stream that ends inside a frame; <paramref name="where"/> says where.</summary>
    public static PickleDamagedException Truncated(string where) =>
        new(
            $"{DamagedStart}: the stream ends in the middle of a frame ({where}). The file was cut short, for example by an interrupted copy or download; restore it from a good copy.",
            frameIndex: null,
            frameOffset: null,
            isTruncated: true,
            innerException: null)
        {
            Reason = $"the stream ends in the middle of the frame ({where})",
        };

    /// <summary>A stream that ended after <paramref name="read"/> of a payload's <paramref name="length"/> bytes.</summary>
    public static PickleDamagedException PayloadTruncated(long read, long length) =>
        Truncated($"{read:N0} of its {length:N0} payload bytes were read");

    /// <summary>Where a frame is, as every message says it: "frame 3 at byte offset 1,234".</summary>
    public static string FrameAt(int? index, long? offset) => (index, offset) switch
    {
        ({ } i, { } o) => $"frame {i:N0} at byte offset {o:N0}",
        (null, { } o) => $"the frame at byte offset {o:N0}",
        ({ } i, null) => $"frame {i:N0}",
        _ => "a frame",
    };

    /// <summary>A damaged frame's <paramref name="message"/> with the frame's place in it.</summary>
    public static string Located(string message, int? index, long? offset) =>
        message.StartsWith(DamagedStart + ":", StringComparison.Ordinal)
            ? $"{DamagedStart} in {FrameAt(index, offset)}{message[DamagedStart.Length..]}"
            : $"{message} ({FrameAt(index, offset)})";

    /// <summary>
    /// <c>Pickle.OpenAppend</c> meeting damage in <paramref name="path"/> that is not the remains of an interrupted
    /// append: <paramref name="error"/>, in the frame at <paramref name="index"/> and <paramref name="offset"/>.
    /// </summary>
    public static PickleDamagedException CannotAppend(string path, int index, long offset, PickleException error)
    {
        var problem = error is PickleDamagedException { Reason: { } reason }
            ? $"is damaged: {reason}"
            : $"cannot be read: {error.Message.TrimEnd('.')}";
        return new(
            $"Pickle.OpenAppend did not open '{path}': {FrameAt(index, offset)} {problem}. That is not the remains of an interrupted append, " +
            $"so nothing was cut, and a frame appended after it could not be loaded. Copy the intact frames to a new file with 'pickle repair {path} -o OUT', " +
            "check it, and append to that.",
            index,
            offset,
            isTruncated: error is PickleDamagedException { IsTruncated: true },
            error);
    }

    /// <summary>An incomplete last frame with another frame's header inside it: frames were appended after it, so it is no torn tail.</summary>
    public static PickleDamagedException HeaderInsideTornFrame(long inside) =>
        Damaged($"it runs past the end of the file, but another frame's header starts inside it at byte offset {inside:N0}");

    /// <summary>The last bytes of a file, fewer than a header, that are not how a frame starts.</summary>
    public static PickleDamagedException NotStartOfFrame(ReadOnlySpan<byte> rest) =>
        Damaged($"the file ends with {rest.Length:N0} bytes that are not how a frame starts ({Convert.ToHexString(rest[..Math.Min(rest.Length, 16)])}{(rest.Length > 16 ? "..." : string.Empty)})");

    /// <summary>A frame whose checksum does not match its bytes.</summary>
    public static PickleDamagedException ChecksumMismatch(Exception? innerException = null) =>
        Damaged("its checksum does not match its contents", innerException);

    /// <summary>An unsigned frame loaded with options that require a signature.</summary>
    public static PickleException NotSigned() =>
        new(
            "The pickle is not signed, but the options require a signature (PickleOptions.SigningKey is set). " +
            "Only load it if you trust where it came from, with options that have no SigningKey; otherwise ask for a signed copy.");

    /// <summary>A signed frame whose signature was not made with the options' key.</summary>
    public static PickleException SignatureMismatch() =>
        new(
            "The pickle's signature does not match: it was altered after it was signed, or signed with a different key. " +
            "Do not load it; check that the options use the key it was signed with.");

    /// <summary>Bytes that do not start with the magic bytes and are not a damaged copy of them.</summary>
    public static PickleException NotAPickle(ReadOnlySpan<byte> start, ReadOnlySpan<byte> magic)
    {
        var hint = start[0] == 0x80
            ? " It looks like a Python pickle, which Pickle does not read."
            : start[0] is (byte)'{' or (byte)'['
                ? " It looks like JSON text."
                : string.Empty;
        return new PickleException(
            $"The data is not a pickle: it starts with {Convert.ToHexString(start)}, not the magic bytes {Convert.ToHexString(magic)}.{hint} " +
            "Check that the path or stream points at a file written by Pickle.Dump, and that it is read from the start of a frame.");
    }

    /// <summary>A frame of a format version this Pickle does not read.</summary>
    public static PickleException UnknownVersion(byte version, byte current) =>
        new(
            $"The frame has format version {version}, but this Pickle reads versions 1 to {current}. " +
            "The file was written by a newer Pickle (upgrade the Pickle package to load it), or it is damaged.");

    /// <summary>A version-2 header whose format code this Pickle does not know.</summary>
    public static PickleException UnknownFormatCode(byte code) =>
        new(
            $"The frame's header gives format code {code}, which this Pickle does not know. The file was written by a newer " +
            "Pickle (upgrade the Pickle package to load it), or it is damaged.");

    /// <summary>A frame with flag bits this Pickle does not know.</summary>
    public static PickleException UnknownFlags(byte flags) =>
        new(
            $"The frame sets flags 0x{flags:X2} that this Pickle does not know. The file was written by a newer " +
            "Pickle (upgrade the Pickle package to load it), or it is damaged.");

    /// <summary>A frame that declares a payload over the options' limit.</summary>
    public static PickleException PayloadTooLarge(long length, long limit) =>
        new(
            $"The frame declares a payload of {length:N0} bytes, over the limit of {limit:N0} bytes " +
            "(PickleOptions.MaxPayloadSize). If you trust the file, load it with a larger MaxPayloadSize.");

    /// <summary>A frame whose format no serializer of the options reads.</summary>
    public static PickleException FormatMismatch(string format, IPickleSerializer serializer, IPickleSerializer? builtIn) =>
        new(
            $"The pickle holds format '{format}', but the options use the serializer {serializer.GetType().Name} with format '{serializer.Format}'. " +
            $"Load it with options whose Serializer reads '{format}'" +
            (builtIn is not null ? $" ({builtIn.GetType().Name}), or with no options to pick it automatically." : "."));

    /// <summary>A serializer whose format name cannot be written into a frame.</summary>
    public static PickleException BadFormatName(IPickleSerializer serializer, string? format, int maxLength) =>
        new(
            $"The serializer {serializer.GetType().Name} has the format name '{format}', which is not 1 to {maxLength} printable ASCII characters. Give its Format property a short, stable name such as \"msgpack\".");

    /// <summary>
    /// The boundary of every load: an error a serializer threw about a frame's payload, as a <see cref="PickleException"/>;
    /// <see langword="null"/> for errors that are not about the content (cancellation, I/O, out of memory), which go
    /// through as they are. With <paramref name="payloadInMemory"/>, an <see cref="IOException"/> (such as an
    /// <see cref="EndOfStreamException"/> for a value cut short) is about the content too.
    /// </summary>
    public static PickleException? Loading(Exception e, string heldType, string format, Type type, bool payloadInMemory) =>
        IsContentError(e) || (payloadInMemory && e is IOException)
            ? new PickleException(
                $"The pickle {(heldType.Length > 0 ? $"holds a {heldType} in format '{format}' that" : $"in format '{format}'")} could not be loaded as {TypeNames.Of(type)}: {RootMessage(e)} " +
                "Load it as the type it was dumped as (or a compatible version of it).",
                e)
            : null;

    /// <summary>The boundary of every dump: an error a serializer threw about the value, as a <see cref="PickleException"/>, or <see langword="null"/>.</summary>
    public static PickleException? Dumping(Exception e, Type type) =>
        IsContentError(e) ? new PickleException($"Could not dump the {TypeNames.Of(type)}: {RootMessage(e)}", e) : null;

    /// <summary>Errors that come from the content, which Pickle reports as a <see cref="PickleException"/>.</summary>
    public static bool IsContentError(Exception e) =>
        e is not (PickleException or OperationCanceledException or OutOfMemoryException or IOException);

    /// <summary>The message of the error that started it all, past the wrappers that type initializers and MessagePack add.</summary>
    public static string RootMessage(Exception e)
    {
        while (e.InnerException is { } inner && e is TypeInitializationException or TargetInvocationException or MessagePackSerializationException)
        {
            e = inner;
        }

        return e.Message;
    }
}
