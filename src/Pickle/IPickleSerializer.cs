using System.Buffers;

namespace Pickling;

/// <summary>
/// The pluggable core of Pickle: turns a value into a payload and back. Pickle wraps every payload in a frame
/// (magic bytes, version, the serializer's <see cref="Format"/>, length and checksum), so an implementation only
/// deals with the payload itself.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe: one instance is shared by every dump and load that uses the same
/// <see cref="PickleOptions"/>. They may throw any exception for content they cannot handle; Pickle reports it
/// as a <see cref="PickleException"/> with the original error as its inner exception.
/// </remarks>
public interface IPickleSerializer
{
    /// <summary>
    /// A short, stable name of the payload encoding, written into every frame (for example <c>"msgpack"</c> or
    /// <c>"json"</c>): 1 to 32 printable ASCII characters. Loading a frame checks that its format matches.
    /// </summary>
    string Format { get; }

    /// <summary>Writes <paramref name="value"/> as one payload to <paramref name="destination"/>.</summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="destination">Where the payload's bytes go.</param>
    /// <param name="value">The value to write; may be <see langword="null"/>.</param>
    /// <param name="options">The options of the dump.</param>
    void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options);

    /// <summary>
    /// Reads one value from <paramref name="source"/>, which holds exactly one payload; bytes left over after the
    /// value are an error.
    /// </summary>
    /// <typeparam name="T">The type to read the payload as.</typeparam>
    /// <param name="source">The payload's bytes, already checked against the frame's checksum.</param>
    /// <param name="options">The options of the load.</param>
    /// <returns>The value.</returns>
    T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options);
}
