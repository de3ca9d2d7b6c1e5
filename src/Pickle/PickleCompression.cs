namespace Pickling;

/// <summary>
/// How a frame's payload is compressed. The codec is recorded in the frame, so loading needs no setting; the
/// checksum covers the compressed bytes, and a payload never decompresses to more than it declares.
/// </summary>
public enum PickleCompression
{
    /// <summary>The payload is stored as the serializer wrote it: fastest, and the right choice for random numbers.</summary>
    None = 0,

    /// <summary>
    /// LZ4 in independent blocks of up to 4 MiB: compresses and decompresses at hundreds of MB/s or more; blocks
    /// that do not shrink are stored as they are. The default for files named <c>*.lz4</c>.
    /// </summary>
    Lz4 = 1,

    /// <summary>
    /// Zstandard at level 3: smaller files than LZ4 at a lower speed; the stored bytes after the length are a standard
    /// zstd frame. The default for files named <c>*.zst</c>.
    /// </summary>
    Zstd = 2,
}
