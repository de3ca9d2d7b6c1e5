using System.Buffers;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Reads a payload that is one large blit, whose first bytes a <see cref="BlitRoot"/> has recognized, from its stream
/// straight into the storage of the root value, hashing the elements as they come; the value is completed only once
/// the frame's trailer has matched.
/// </summary>
internal static class BlitRootReader
{
    /// <summary>The unit in which the elements are read and hashed: large enough for few calls, small enough to stay in cache.</summary>
    private const int Chunk = 1024 * 1024;

    public static async ValueTask<object> ReadAsync(
        StreamedPayload payload, byte[] prefix, BlitDestination destination, bool useAsync, CancellationToken cancellationToken)
    {
        // Storage that can be lent out as memory stays where it is, so it may be hashed on another core while the next chunk is read.
        using var hasher = payload.StartHash(useAsync, bytesStay: destination.MemoryOf(0, 0) is not null);
        hasher.Append(prefix);
        byte[]? bounce = null;
        try
        {
            for (long offset = 0; offset < destination.ByteLength;)
            {
                var length = (int)Math.Min(Chunk, destination.ByteLength - offset);
                int got;
                if (!useAsync)
                {
                    got = payload.Stream.Read(destination.Bytes(offset, length));
                }
                else if (destination.MemoryOf(offset, length) is { } memory)
                {
                    got = await payload.Stream.ReadAsync(memory, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    bounce ??= ArrayPool<byte>.Shared.Rent(Chunk);
                    got = await payload.Stream.ReadAsync(bounce.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
                    bounce.AsSpan(0, got).CopyTo(destination.Bytes(offset, got));
                }

                if (got == 0)
                {
                    throw payload.Truncated(prefix.Length + offset);
                }

                if (hasher.InBackground)
                {
                    hasher.Append(destination.MemoryOf(offset, got)!.Value);
                }
                else
                {
                    hasher.AppendNow(destination.Bytes(offset, got));
                }

                offset += got;
            }
        }
        finally
        {
            if (bounce is not null)
            {
                ArrayPool<byte>.Shared.Return(bounce);
            }
        }

        await payload.VerifyAsync(hasher, useAsync, cancellationToken).ConfigureAwait(false);
        return destination.Complete();
    }
}
