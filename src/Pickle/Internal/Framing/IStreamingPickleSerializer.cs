using System.Buffers;

namespace Pickling.Internal;

/// <summary>
/// A serializer that reads a large payload from the stream itself, so that the large arrays of the value go from the
/// stream straight into the arrays it keeps, and that reads a large payload in memory while it is verified. The frame
/// reader offers it what <see cref="FramePlan"/> decides; the serializer, with its converters, references and
/// policy, always decides what the bytes become, so every way of loading a frame gives the same value.
/// </summary>
internal interface IStreamingPickleSerializer
{
    /// <summary>
    /// Reads the value of <paramref name="payload"/> from its stream: every byte goes to its hasher in order, and
    /// <see cref="StreamedPayload.VerifyAsync"/> is awaited once all are read, before any value is built from them.
    /// </summary>
    ValueTask<T> ReadAsync<T>(StreamedPayload payload, PickleOptions options, bool useAsync, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the value of a payload in memory of a frame of <paramref name="version"/> (whose payloads a serializer may
    /// lay out differently), which <paramref name="verifier"/>, if any, hashes as its blocks are copied.
    /// </summary>
    T Deserialize<T>(ReadOnlySequence<byte> payload, byte version, PayloadVerifier? verifier, PickleOptions options);
}
