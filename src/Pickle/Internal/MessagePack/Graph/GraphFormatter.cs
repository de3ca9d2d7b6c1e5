using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The formatter of every reference type (and of <see cref="object"/>, abstract and interface types): writes a
/// value's concrete type when it differs from the declared one, and, with
/// <see cref="PickleOptions.PreserveReferences"/>, writes each object once and later references as back-references.
/// The contents themselves are written by <see cref="Content"/>.
/// </summary>
/// <remarks>
/// A value with a header is a two-element array <c>[ext 80 header, contents]</c>; the header ext holds two
/// MessagePack values: the object's id (or nil) and its type (nil, a type name, or the index of a name written
/// earlier in the payload). A back-reference is <c>ext 81</c> holding the id. See FORMAT.md.
/// </remarks>
internal sealed class GraphFormatter<T>(IMessagePackFormatter<T>? content) : IMessagePackFormatter<T>
{
    /// <summary>
    /// True if a value of exactly <typeparamref name="T"/> is written as its contents alone when references are not
    /// preserved: the usual case, which <see cref="Serialize"/> and <see cref="SerializeAll"/> take first.
    /// </summary>
    private readonly bool _plain = content is not null && typeof(T) != typeof(object);

    /// <summary>True if the contents formatter writes numbers only (a blit): a value leads no deeper and needs the depth check, not a place on the path.</summary>
    private readonly bool _leaf = content is not null && IsBlit(content.GetType());

    /// <summary>
    /// <typeparamref name="T"/> itself, read from a field: in code shared by reference types, <c>typeof(T)</c> is
    /// looked up at run time, which costs more than comparing with a field.
    /// </summary>
    private readonly Type _type = typeof(T);

    /// <summary>True if every value of <typeparamref name="T"/> is exactly a <typeparamref name="T"/>: a sealed class (arrays are covariant).</summary>
    private readonly bool _sealed = typeof(T).IsSealed && !typeof(T).IsArray;

    /// <summary>The contents formatter, if it reads small blits where they lie; tried first on an extension.</summary>
    private readonly ISmallBlitReader<T>? _smallBlit = content as ISmallBlitReader<T>;

    /// <summary>
    /// True if a loaded value may be an <see cref="System.Runtime.Serialization.IObjectReference"/>, whose real object
    /// it stands for (<see cref="ObjectReferences.MayBe"/>).
    /// </summary>
    private readonly bool _mayBeObjectReference = ObjectReferences.MayBe(typeof(T));

    public IMessagePackFormatter<T>? Content { get; } = content;

    /// <summary>The contents formatter, if it reads small blits where they lie; a small blit is the whole value.</summary>
    public ISmallBlitReader<T>? SmallBlit => _smallBlit;

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var state = GraphOptions.StateOf(options);
        if ((_sealed || value.GetType() == _type) && _plain && state is not null)
        {
            // This formatter is where a dump recurses into objects, so it keeps the depth and cycle guard itself.
            var path = state.DumpPath;
            var maxDepth = options.Security.MaximumObjectGraphDepth;
            if (_leaf && path.Depth < maxDepth)
            {
                if (!ObjectHeaders.TryWriteBackReference(ref writer, value, _type, state))
                {
                    Content!.Serialize(ref writer, value, options);
                }

                return;
            }

            if (state.PreserveReferences)
            {
                SerializeWithHeader(ref writer, value, state, options);
                return;
            }

            path.Enter(value, maxDepth);
            try
            {
                Content!.Serialize(ref writer, value, options);
            }
            finally
            {
                path.Leave();
            }

            return;
        }

        SerializeWithHeader(ref writer, value, state, options);
    }

    /// <summary>Writes the elements of a collection, each as <see cref="Serialize"/> does, with the lookups made once.</summary>
    public void SerializeAll(ref MessagePackWriter writer, ReadOnlySpan<T> items, MessagePackSerializerOptions options)
    {
        var state = GraphOptions.StateOf(options);
        if (!_plain || _leaf || state is not { PreserveReferences: false })
        {
            foreach (var item in items)
            {
                Serialize(ref writer, item, options);
            }

            return;
        }

        // Elements of exactly T are entered one after another at the same depth: each replaces the one before.
        var content = Content!;
        var path = state.DumpPath;
        var maxDepth = options.Security.MaximumObjectGraphDepth;
        var entered = false;
        try
        {
            foreach (var item in items)
            {
                if (item is not null && (_sealed || item.GetType() == _type))
                {
                    if (entered)
                    {
                        path.Replace(item);
                    }
                    else
                    {
                        path.Enter(item, maxDepth);
                        entered = true;
                    }

                    content.Serialize(ref writer, item, options);
                }
                else
                {
                    if (entered)
                    {
                        path.Leave();
                        entered = false;
                    }

                    Serialize(ref writer, item, options);
                }
            }
        }
        finally
        {
            if (entered)
            {
                path.Leave();
            }
        }
    }

    /// <summary>
    /// Writes <paramref name="items"/> as a MessagePack array, each with the options' formatter of <typeparamref name="T"/>
    /// (through <see cref="SerializeAll"/> where that is a graph formatter).
    /// </summary>
    public static void SerializeArray(ref MessagePackWriter writer, ReadOnlySpan<T> items, MessagePackSerializerOptions options)
    {
        var formatter = options.Resolver.GetFormatterWithVerify<T>();
        writer.WriteArrayHeader(items.Length);
        if (formatter is GraphFormatter<T> graph)
        {
            graph.SerializeAll(ref writer, items, options);
            return;
        }

        foreach (var item in items)
        {
            formatter.Serialize(ref writer, item, options);
        }
    }

    private void SerializeWithHeader(ref MessagePackWriter writer, [System.Diagnostics.CodeAnalysis.DisallowNull] T value, GraphState? state, MessagePackSerializerOptions options)
    {
        var runtime = value.GetType();
        if (typeof(T) == typeof(object) && (runtime == typeof(string) || runtime == typeof(bool) || runtime == typeof(double)))
        {
            Dispatcher.For(runtime).Serialize(ref writer, value, options);
            return;
        }

        var path = state?.DumpPath ?? DumpPath.Of(options);
        path.Enter(value, options.Security.MaximumObjectGraphDepth);
        try
        {
            SerializeObject(ref writer, value, runtime, state, options);
        }
        finally
        {
            path.Leave();
        }
    }

    private void SerializeObject(ref MessagePackWriter writer, [System.Diagnostics.CodeAnalysis.DisallowNull] T value, Type runtime, GraphState? state, MessagePackSerializerOptions options)
    {
        if (ObjectHeaders.TryWriteBackReference(ref writer, value, runtime, state))
        {
            return;
        }

        if ((runtime == typeof(T) && typeof(T) != typeof(object)) || IsSynthesizedCollection(runtime))
        {
            if (Content is null)
            {
                throw new MessagePackSerializationException(
                    $"A {TypeNames.Of(runtime)} cannot be dumped. Leave the member out with [PickleIgnore] or [NonSerialized], or add a converter to PickleOptions.Converters.");
            }

            Content.Serialize(ref writer, value, options);
            return;
        }

        // A type the load would refuse here is refused now, with the load's message, so that no dump writes a file
        // that cannot be loaded.
        CheckAllowed(state, runtime, typeof(T));
        writer.WriteArrayHeader(2);
        ObjectHeaders.WriteHeader(ref writer, state, runtime);
        if (runtime == typeof(object))
        {
            writer.WriteMapHeader(0);
            return;
        }

        Dispatcher.For(runtime).Serialize(ref writer, value, options);
    }

    /// <summary>
    /// A collection type the compiler made for a collection expression (such as <c>IReadOnlyList&lt;string&gt; x = ["a"]</c>):
    /// it has no name a program could allow, so it is written as the declared interface's contents and loads as that
    /// interface's usual implementation.
    /// </summary>
    private bool IsSynthesizedCollection(Type runtime) =>
        typeof(T).IsInterface && Content is not null && runtime.Name.StartsWith('<') && typeof(T).IsAssignableFrom(runtime);

    /// <summary>The type policy's check of a type a header names where a <paramref name="declared"/> is expected: the same on dump and on load.</summary>
    private static void CheckAllowed(GraphState? state, Type named, Type declared) =>
        (state?.Policy ?? TypePolicy.For(PickleOptions.Default)).Check(named, declared);

    private static bool IsBlit(Type formatter) =>
        formatter.IsGenericType && formatter.GetGenericTypeDefinition() is var definition
        && (definition == typeof(BlitArrayFormatter<>) || definition == typeof(BlitListFormatter<>) || definition == typeof(BlitMultiDimensionalFormatter<,>));

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        // One look at the next code decides: only an extension can be a back-reference, only an array of two a header.
        var code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            reader.ReadNil();
            return default!;
        }

        // PayloadShape has checked the depth; the stack is looked at on every level, since a level of a payload can be
        // more than one level of the reader's count (a header and a tuple around each object) and a thread's stack small.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw DumpPath.OutOfStack("load");
        }

        var state = GraphOptions.StateOf(options);
        if (code is (>= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16) or (>= MessagePackCode.Ext8 and <= MessagePackCode.Ext32))
        {
            if (_smallBlit is not null && _smallBlit.TryReadSmall(ref reader, out var small))
            {
                if (state is not null)
                {
                    // A small blit holds no other object: it is numbered, and complete, as soon as it is read.
                    var number = state.ReserveNext();
                    state.PendingId = -1;
                    state.Complete(number, small);
                }

                return small;
            }

            if (ObjectHeaders.PeekExtensionType(ref reader) == ObjectHeaders.BackReferenceCode)
            {
                var referred = ObjectHeaders.ReadBackReference(ref reader);
                if (state is null)
                {
                    throw new PickleException("The pickle holds a back-reference, which only Pickle's own serializer can load.");
                }

                return (T)state.Loaded(referred, typeof(T));
            }
        }
        else if (code is (MessagePackCode.MinFixArray + 2) or MessagePackCode.Array16 or MessagePackCode.Array32 && ObjectHeaders.StartsWithHeader(ref reader))
        {
            return ReadWithHeader(ref reader, options, state);
        }

        if (state is null || typeof(T) == typeof(object))
        {
            // Where object is declared, only a string, a bool or a double is written without a header, and none of them is numbered.
            if (state is not null)
            {
                state.PendingId = -1;
            }

            var plain = ReadContent(ref reader, options);
            return _mayBeObjectReference && ObjectReferences.Is(plain) ? ObjectReferences.RealObject(plain, -1, state) : plain;
        }

        var id = state.ReserveNext();
        state.PendingId = id;
        var value = ReadContent(ref reader, options);
        if (_mayBeObjectReference && ObjectReferences.Is(value))
        {
            value = ObjectReferences.RealObject(value, id, state);
        }

        state.Complete(id, value);
        return value;
    }

    private T ReadContent(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (Content is null)
        {
            throw new MessagePackSerializationException(
                $"A {TypeNames.Of(typeof(T))} is abstract, an interface or cannot be created, and the pickle does not say which concrete type to load. " +
                "It was not written by this version of Pickle, or was written from a different declared type.");
        }

        return Content.Deserialize(ref reader, options);
    }

    private T ReadWithHeader(ref MessagePackReader reader, MessagePackSerializerOptions options, GraphState? state)
    {
        reader.ReadArrayHeader();
        var (id, named, unresolved) = ObjectHeaders.ReadHeader(ref reader, state);
        var type = typeof(T);
        if (unresolved is not null && (Content is null || typeof(T) == typeof(object)))
        {
            throw LoadErrors.UnknownType(unresolved, typeof(T));
        }

        if (named is not null && named != typeof(T))
        {
            if (!typeof(T).IsAssignableFrom(named) && Content is not null && typeof(T) != typeof(object) && Dispatcher.For(typeof(T)).IsFieldMode)
            {
                // Another class's fields where a class of the user's is expected (a renamed or replaced type):
                // load them into the declared type, which keeps what matches, as for an evolving type.
                named = typeof(T);
            }
            else if (!typeof(T).IsAssignableFrom(named))
            {
                throw new PickleException(
                    $"The pickle holds a {TypeNames.Of(named)} where a {TypeNames.Of(typeof(T))} is expected. Load it as a type it can be assigned to (object loads anything allowed).");
            }

            CheckAllowed(state, named, typeof(T));
            type = named;
        }

        if (state is not null)
        {
            if (id >= 0)
            {
                state.Reserve(id);
            }
            else if (ObjectHeaders.IsNumbered(type))
            {
                id = state.ReserveNext();
            }

            state.PendingId = id;
        }

        T value;
        if (type == typeof(object))
        {
            reader.Skip();
            value = (T)new object();
        }
        else if (type == typeof(T))
        {
            value = ReadContent(ref reader, options);
        }
        else
        {
            value = (T)Dispatcher.For(type).Deserialize(ref reader, options)!;
        }

        if (_mayBeObjectReference && ObjectReferences.Is(value))
        {
            value = ObjectReferences.RealObject(value, id, state);
        }

        if (id >= 0)
        {
            state?.Complete(id, value);
        }

        return value;
    }
}
