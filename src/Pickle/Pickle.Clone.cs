using System.Runtime.CompilerServices;
using Pickling.Internal;

namespace Pickling;

public static partial class Pickle
{
    /// <summary>The options a clone runs with, per options instance: the same, with references always preserved.</summary>
    private static readonly ConditionalWeakTable<PickleOptions, PickleOptions> CloneOptions = [];

    /// <summary>
    /// Returns a deep copy of <paramref name="value"/>: the value its dump would load as, made in memory with no frame,
    /// checksum or file. Shared objects stay shared within the copy and cycles are copied whole, whatever
    /// <see cref="PickleOptions.PreserveReferences"/> says: a clone always keeps identity.
    /// </summary>
    /// <typeparam name="T">The declared type of the value; the copy is of the value's own run-time type.</typeparam>
    /// <param name="value">The value to copy; may be <see langword="null"/>, which is returned as is.</param>
    /// <param name="options">
    /// Settings, or <see langword="null"/> for <see cref="PickleOptions.Default"/>: the serializer, converters and allowed
    /// types apply as they do to a dump and a load, so a value that clones also round-trips through a file.
    /// </param>
    /// <returns>The copy, sharing no object with <paramref name="value"/> but those its converters return.</returns>
    /// <exception cref="PickleException">
    /// The value cannot be dumped or loaded with these options (for example, it holds a type that is not allowed).
    /// </exception>
    /// <example>
    /// <code>
    /// var original = new Dictionary&lt;string, List&lt;int&gt;&gt; { ["a"] = [1, 2, 3] };
    /// var copy = Pickle.Clone(original);
    /// copy["a"].Add(4); // original["a"] still holds 1, 2, 3
    /// </code>
    /// </example>
    public static T Clone<T>(T value, PickleOptions? options = null)
    {
        if (value is null)
        {
            return value;
        }

        var cloneOptions = CloneOptions.GetValue(
            options ?? PickleOptions.Default,
            static o => o.PreserveReferences ? o : o with { PreserveReferences = true });
        var serializer = cloneOptions.Serializer;
        var type = value.GetType();
        using var buffer = new SegmentedBuffer();
        try
        {
            serializer.Serialize(buffer, value, cloneOptions);
        }
        catch (Exception e) when (PickleErrors.Dumping(e, type) is { } error)
        {
            throw error;
        }

        try
        {
            var payload = buffer.AsSequence();
            if (payload.IsSingleSegment)
            {
                return serializer.Deserialize<T>(payload, cloneOptions);
            }

            var whole = System.Buffers.ArrayPool<byte>.Shared.Rent((int)payload.Length);
            try
            {
                System.Buffers.BuffersExtensions.CopyTo(payload, whole);
                return serializer.Deserialize<T>(new System.Buffers.ReadOnlySequence<byte>(whole, 0, (int)payload.Length), cloneOptions);
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(whole);
            }
        }
        catch (Exception e) when (PickleErrors.Loading(e, TypeNames.Of(type), serializer.Format, typeof(T), payloadInMemory: true) is { } error)
        {
            throw error;
        }
    }
}
