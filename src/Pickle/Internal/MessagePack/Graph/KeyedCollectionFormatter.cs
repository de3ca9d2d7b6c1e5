using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A dictionary or set: a collection that hashes or sorts its keys with a comparer. With the default comparer it is
/// MessagePack's usual map or array; with another, an array of a comparer record (<see cref="ComparerRecord"/>) and
/// then the items (keys and values one after the other for a dictionary), so that the old shapes still load. A key
/// that refers back to an object still being loaded is added once that object is complete (<see cref="KeyFixups"/>).
/// </summary>
/// <typeparam name="TCollection">The collection.</typeparam>
/// <typeparam name="TKey">Its keys, or a set's elements.</typeparam>
/// <typeparam name="TValue">A dictionary's values; unused by a set.</typeparam>
/// <typeparam name="TBuilder">What the items are added to: the collection itself, or an immutable collection's builder.</typeparam>
/// <typeparam name="TComparer"><see cref="IEqualityComparer{T}"/> or <see cref="IComparer{T}"/> of <typeparamref name="TKey"/>.</typeparam>
internal abstract class KeyedCollectionFormatter<TCollection, TKey, TValue, TBuilder, TComparer> : IMessagePackFormatter<TCollection?>
    where TCollection : class
    where TBuilder : class
    where TComparer : class
{
    /// <summary>
    /// True if the items are added to the collection itself, which so exists before them: it is registered for
    /// cycles as soon as it is created, and can take keys that are not complete yet later.
    /// </summary>
    private static readonly bool IsBuiltInPlace = typeof(TBuilder) == typeof(TCollection);

    private static readonly bool IsSorted = typeof(TComparer) == typeof(IComparer<TKey>);

    /// <summary>True for a dictionary (keys and values), false for a set.</summary>
    protected abstract bool HasValues { get; }

    protected abstract TComparer ComparerOf(TCollection collection);

    protected abstract int CountOf(TCollection collection);

    protected abstract void WriteItems(ref MessagePackWriter writer, TCollection collection, MessagePackSerializerOptions options);

    protected abstract TBuilder Create(int count, TComparer comparer);

    protected abstract void Add(TBuilder builder, TKey key, TValue value);

    protected abstract TCollection Build(TBuilder builder);

    /// <summary>Whether a collection not built in place finds a key it holds (see <see cref="KeyFixups"/>).</summary>
    protected virtual bool Finds(TCollection collection, TKey key) => true;

    /// <summary>The collection as it is to be written: a copy of one that others may change meanwhile.</summary>
    protected virtual TCollection Stable(TCollection collection) => collection;

    public void Serialize(ref MessagePackWriter writer, TCollection? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        value = Stable(value);
        var comparer = ComparerOf(value);
        var count = CountOf(value);
        if (IsDefault(comparer, options))
        {
            if (HasValues)
            {
                writer.WriteMapHeader(count);
            }
            else
            {
                writer.WriteArrayHeader(count);
            }
        }
        else
        {
            var name = ComparerRecord.NameOf(comparer, typeof(TCollection));
            writer.WriteArrayHeader(checked(ComparerRecord.Length(name) + (HasValues ? 2 * count : count)));
            ComparerRecord.Write(ref writer, comparer, name, options);
        }

        WriteItems(ref writer, value, options);
    }

    public TCollection? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var state = GraphOptions.StateOf(options);
        var (count, comparer) = ReadStart(ref reader, state, options);
        options.Security.DepthStep(ref reader);
        try
        {
            var builder = Create(count, comparer);
            if (IsBuiltInPlace)
            {
                GraphState.Created(options, builder);
            }

            var keys = PickleResolver.FormatterOf<TKey>(options.Resolver);
            var values = HasValues ? PickleResolver.FormatterOf<TValue>(options.Resolver) : null;
            List<(TKey Key, TValue Value)>? waiting = null;
            var (i, start, key, keyRead) = (0, 0L, default(TKey), false);
            try
            {
                for (; i < count; i++)
                {
                    (start, keyRead) = (reader.Consumed, false);
                    var before = state?.IncompleteReads ?? 0;
                    key = keys.Deserialize(ref reader, options);
                    (start, keyRead) = (reader.Consumed, true);
                    var incomplete = state is not null && state.IncompleteReads != before;
                    var value = values is null ? default! : values.Deserialize(ref reader, options);
                    if (waiting is null && !incomplete)
                    {
                        Add(builder, key, value);
                    }
                    else
                    {
                        // From the first key that is not complete on, the items wait, so that they keep their order.
                        (waiting ??= []).Add((key, value));
                    }
                }
            }
            catch (Exception e) when (LoadPathException.Starts(e, Step(i, key, keyRead), typeof(TCollection)))
            {
                throw LoadPathException.Start(e, Step(i, key, keyRead), typeof(TCollection), keyRead ? typeof(TValue) : typeof(TKey), reader.Sequence.Slice(start));
            }

            return waiting is null ? Build(builder) : Later(state!, builder, waiting);
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>Where an error was met: at a set's element, at the value of a key read, or at the key of an entry.</summary>
    private PathStep Step(int item, TKey? key, bool keyRead) =>
        !HasValues ? PathStep.Index(item) : keyRead ? PathStep.Key(key) : PathStep.KeyOf(item);

    /// <summary>True if <paramref name="comparer"/> is the collection's default one, which the file does not record.</summary>
    protected virtual bool IsDefault(TComparer comparer, MessagePackSerializerOptions options) =>
        IsSorted
            ? ReferenceEquals(comparer, Comparer<TKey>.Default)
            : ReferenceEquals(comparer, EqualityComparer<TKey>.Default) || ReferenceEquals(comparer, options.Security.GetEqualityComparer<TKey>());

    /// <summary>The default comparer of a loaded collection: for a hashed one, a hash a file cannot make collide (<see cref="KeyComparers"/>).</summary>
    protected virtual TComparer LoadDefault(MessagePackSerializerOptions options) =>
        (TComparer)(IsSorted ? Comparer<TKey>.Default : (object)options.Security.GetEqualityComparer<TKey>());

    /// <summary>The comparer a comparer record's name stands for in this collection (<see cref="ComparerNames"/>).</summary>
    protected virtual object Named(ComparerName name, MessagePackSerializerOptions options) =>
        IsSorted ? ComparerNames.ForOrdering(name) : ComparerNames.ForHashing(name, LoadDefault(options));

    /// <summary>Reads the map or array header and any comparer record: how many items follow, and the comparer.</summary>
    private (int Count, TComparer Comparer) ReadStart(ref MessagePackReader reader, GraphState? state, MessagePackSerializerOptions options)
    {
        if (ValueLengths.IsMap(reader.NextCode) && HasValues)
        {
            return (reader.ReadMapHeader(), LoadDefault(options));
        }

        var length = reader.ReadArrayHeader();
        if (length == 0 || !ComparerRecord.IsAt(ref reader))
        {
            return HasValues ? throw Malformed(null) : (length, LoadDefault(options));
        }

        // The comparer object's own header would take the id this collection is to be registered under.
        var pendingId = state?.PendingId ?? -1;
        var (name, loaded) = ComparerRecord.Read(ref reader, length, options, out var taken);
        if (state is not null)
        {
            state.PendingId = pendingId;
        }

        var comparer = (name is { } known ? Named(known, options) : loaded) as TComparer;
        if (comparer is null)
        {
            throw Malformed(name?.Name ?? TypeNames.Of(loaded!.GetType()));
        }

        length -= taken;
        return !HasValues ? (length, comparer) : length % 2 == 0 ? (length / 2, comparer) : throw Malformed(null);
    }

    private TCollection Later(GraphState state, TBuilder builder, List<(TKey Key, TValue Value)> waiting)
    {
        if (IsBuiltInPlace)
        {
            state.Defer(() =>
            {
                foreach (var (key, value) in waiting)
                {
                    Add(builder, key, value);
                }
            });
            return Build(builder);
        }

        foreach (var (key, value) in waiting)
        {
            Add(builder, key, value);
        }

        var collection = Build(builder);
        state.Defer(() =>
        {
            foreach (var (key, _) in waiting)
            {
                if (!Finds(collection, key))
                {
                    throw new PickleException(
                        $"A {TypeNames.Of(typeof(TCollection))} holds a key that refers back to an object still being loaded when the collection is built, " +
                        "and once that object is complete the key no longer hashes or sorts as it did, so the collection would not find it. An immutable " +
                        "collection cannot be filled later; keep such keys in a Dictionary, HashSet or sorted collection, which Pickle fills once their keys are complete.");
                }
            }
        });
        return collection;
    }

    private static PickleException Malformed(string? comparer) =>
        new(comparer is null
            ? $"The pickle holds a malformed {TypeNames.Of(typeof(TCollection))}. The file is damaged or was not written by Pickle."
            : $"The pickle holds a {TypeNames.Of(typeof(TCollection))} whose comparer, '{comparer}', does not compare its keys. The file is damaged or was not written from these types.");
}
