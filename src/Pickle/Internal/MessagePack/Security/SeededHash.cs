using System.Buffers.Binary;
using System.IO.Hashing;
using System.Security.Cryptography;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// XXH3-64 with a per-process random seed, folded to 32 bits: the hash of a key's canonical bytes. A file cannot know
/// the seed, so it cannot choose keys whose hashes collide.
/// </summary>
internal static class SeededHash
{
    private static readonly long Seed = BinaryPrimitives.ReadInt64LittleEndian(RandomNumberGenerator.GetBytes(sizeof(long)));

    public static int Of(ReadOnlySpan<byte> bytes) => Fold(XxHash3.HashToUInt64(bytes, Seed));

    public static int Of(long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        return Of(bytes);
    }

    public static int Of(long first, long second)
    {
        Span<byte> bytes = stackalloc byte[2 * sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, first);
        BinaryPrimitives.WriteInt64LittleEndian(bytes[sizeof(long)..], second);
        return Of(bytes);
    }

    private static int Fold(ulong hash) => unchecked((int)hash ^ (int)(hash >> 32));
}
