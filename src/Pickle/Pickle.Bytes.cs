using Pickling.Internal;

namespace Pickling;

public static partial class Pickle
{
    /// <summary>Returns <paramref name="value"/> as the bytes of one frame.</summary>
    /// <typeparam name="T">The declared type of the value.</typeparam>
    /// <param name="value">The value to save; may be <see langword="null"/>.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <returns>The frame's bytes, exactly as <see cref="Dump{T}"/> would write them.</returns>
    /// <exception cref="PickleException">The value cannot be dumped, or its frame is over 2 GB (dump it to a stream instead).</exception>
    /// <example>
    /// <code>
    /// byte[] bytes = Pickle.DumpToBytes(new[] { 1, 2, 3 });
    /// int[] values = Pickle.LoadFromBytes&lt;int[]&gt;(bytes);
    /// </code>
    /// </example>
    public static byte[] DumpToBytes<T>(T value, PickleOptions? options = null) =>
        FrameWriter.ToArray(value, options ?? PickleOptions.Default);

    /// <summary>Loads the value of the one frame that <paramref name="data"/> holds.</summary>
    /// <typeparam name="T">The type to load the value as.</typeparam>
    /// <param name="data">Exactly one frame, as <see cref="DumpToBytes{T}"/> returns it.</param>
    /// <param name="options">Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>.</param>
    /// <returns>The value.</returns>
    /// <exception cref="PickleDamagedException">The frame is damaged or cut short; the exception names it (frame 1 at byte offset 0).</exception>
    /// <exception cref="PickleException">
    /// The data is empty, not a pickle, damaged, truncated, holds more than one frame, or its value does not fit <typeparamref name="T"/>.
    /// </exception>
    public static T LoadFromBytes<T>(ReadOnlyMemory<byte> data, PickleOptions? options = null)
    {
        if (data.IsEmpty)
        {
            throw new PickleException("The data is empty: it holds no pickle. Pass the bytes that Pickle.DumpToBytes returned.", new PickleEndOfStreamException());
        }

        var value = FrameReader.LoadFromMemory<T>(data, options, out var frameLength);
        if (frameLength != data.Length)
        {
            throw new PickleException(
                $"The data holds {data.Length - frameLength:N0} more bytes after its pickle. To read several pickles from one buffer, use Pickle.LoadAll with a MemoryStream.");
        }

        return value;
    }
}
