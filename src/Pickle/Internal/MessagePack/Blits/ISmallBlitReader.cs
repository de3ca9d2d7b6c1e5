namespace Pickling.Internal.MessagePack;

/// <summary>
/// A contents formatter that can read a small blit where it lies (<see cref="Blit.TryReadSmallVector{T}(ref global::MessagePack.MessagePackReader, out T[])"/>): the
/// <see cref="GraphFormatter{T}"/> around it tries that first, since a blit is never a back-reference.
/// </summary>
/// <typeparam name="T">The array or list type read.</typeparam>
internal interface ISmallBlitReader<T>
{
    /// <summary>Reads a small blit at the reader's position; false, with the reader unmoved, for anything else.</summary>
    bool TryReadSmall(ref global::MessagePack.MessagePackReader reader, out T value);

    /// <summary>Reads a small blit from <paramref name="bytes"/> at <paramref name="position"/>, which it moves past it; false, with nothing moved, for anything else.</summary>
    bool TryReadSmall(ReadOnlySpan<byte> bytes, ref int position, out T value);
}
