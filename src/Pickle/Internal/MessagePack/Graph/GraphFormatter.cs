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
internal sealed partial class GraphFormatter<T>(IMessagePackFormatter<T>? content) : IMessagePackFormatter<T>
{
    /// <summary>
    /// True if a value of exactly <typeparamref name="T"/> is written as its contents alone (or, with references, as a
    /// back-reference once written): the usual case, which <see cref="Serialize"/> and <see cref="SerializeAll"/> take first.
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

    /// <summary>True if a value of exactly <typeparamref name="T"/> is numbered for back-references (<see cref="ObjectHeaders.IsNumbered"/>).</summary>
    private readonly bool _numbered = ObjectHeaders.IsNumbered(typeof(T));

    /// <summary>
    /// The contents formatter, if a value of exactly <typeparamref name="T"/> is written by its fields as its contents
    /// alone: then a list of them writes the keys once (<see cref="KeyedElements{T}"/>).
    /// </summary>
    private readonly FieldFormatter<T>? _fields = content is not null && typeof(T) != typeof(object) ? content as FieldFormatter<T> : null;

    /// <summary>The contents formatter, if it reads small blits where they lie; tried first on an extension.</summary>
    private readonly ISmallBlitReader<T>? _smallBlit = content as ISmallBlitReader<T>;

    /// <summary>
    /// True if a loaded value may be an <see cref="System.Runtime.Serialization.IObjectReference"/>, whose real object
    /// it stands for (<see cref="ObjectReferences.MayBe"/>).
    /// </summary>
    private readonly bool _mayBeObjectReference = ObjectReferences.MayBe(typeof(T));

    public IMessagePackFormatter<T>? Content { get; } = content;

    /// <summary>The contents formatter if a list of <typeparamref name="T"/> writes its elements' keys once (<see cref="KeyedElements{T}"/>); else <see langword="null"/>.</summary>
    public FieldFormatter<T>? Fields => _fields;

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
                SerializeExact(ref writer, value, state, options);
                return;
            }

            path.Enter(value, maxDepth);
            try
            {
                SerializeExact(ref writer, value, state, options);
            }
            finally
            {
                path.Leave();
            }

            return;
        }

        SerializeWithHeader(ref writer, value, state, options);
    }

    /// <summary>
    /// Writes the elements of a collection as a MessagePack array, each as <see cref="Serialize"/> does, with the lookups
    /// made once; where they are written by their fields, the keys once (<see cref="KeyedElements{T}"/>).
    /// </summary>
    private void SerializeAll(ref MessagePackWriter writer, ReadOnlySpan<T> items, MessagePackSerializerOptions options)
    {
        var state = GraphOptions.StateOf(options);
        var keyed = KeyedElements<T>.WriteHeader(ref writer, items.Length, _fields is not null && state is not null);
        if (!_plain || _leaf || state is null)
        {
            foreach (var item in items)
            {
                Serialize(ref writer, item, options);
            }

            return;
        }

        // Elements of exactly T are entered one after another at the same depth: each replaces the one before.
        var path = state.DumpPath;
        var maxDepth = options.Security.MaximumObjectGraphDepth;
        var entered = false;

        // The first element written by its fields gives the keys, as a map; every later one is its values alone.
        var keysWritten = false;
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

                    if (ObjectHeaders.TryWriteBackReference(ref writer, item, _numbered, state))
                    {
                        continue;
                    }

                    if (keysWritten)
                    {
                        _fields!.SerializeValues(ref writer, item, options);
                    }
                    else
                    {
                        Content!.Serialize(ref writer, item, options);
                        keysWritten = keyed;
                    }
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
    /// Writes a value of exactly <typeparamref name="T"/>, already on the dump's path: its contents, or, with
    /// <see cref="PickleOptions.PreserveReferences"/>, a back-reference if it was written before (else it is numbered
    /// now, as <see cref="SerializeObject"/> numbers the others).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void SerializeExact(ref MessagePackWriter writer, T value, GraphState state, MessagePackSerializerOptions options)
    {
        if (!ObjectHeaders.TryWriteBackReference(ref writer, value!, _numbered, state))
        {
            Content!.Serialize(ref writer, value, options);
        }
    }

    /// <summary>
    /// Writes <paramref name="items"/> as a MessagePack array, each with the options' formatter of <typeparamref name="T"/>
    /// (through <see cref="SerializeAll"/> where that is a graph formatter): the one writer of a list's or an array's elements.
    /// </summary>
    public static void SerializeArray(ref MessagePackWriter writer, ReadOnlySpan<T> items, MessagePackSerializerOptions options)
    {
        var formatter = PickleResolver.FormatterOf<T>(options.Resolver);
        if (formatter is GraphFormatter<T> graph)
        {
            graph.SerializeAll(ref writer, items, options);
            return;
        }

        // A struct written by its fields: every element is its contents, the first the map of its keys.
        var fields = formatter as FieldFormatter<T>;
        var keyed = KeyedElements<T>.WriteHeader(ref writer, items.Length, fields is not null && GraphOptions.StateOf(options) is not null);
        for (var i = 0; i < items.Length; i++)
        {
            if (keyed && i > 0)
            {
                fields!.SerializeValues(ref writer, items[i], options);
            }
            else
            {
                formatter.Serialize(ref writer, items[i], options);
            }
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
}
