using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The elements of a list or an array, read one after another, and the one owner of how their field keys are written
/// once (FORMAT.md, "Lists of records"). Where elements of exactly <typeparamref name="T"/> are written by their
/// fields (<see cref="GraphFormatter{T}.Fields"/>, or a struct's <see cref="FieldFormatter{T}"/>) and there are two
/// or more, the array of the elements starts with <c>ext 86</c> holding nil; the first element written by its fields
/// is then the map of its keys and values, and every later one the array of its values alone, in the map's order.
/// Nil, back-references and values with a header are written as in any other array.
/// </summary>
/// <remarks>
/// The keys are scoped to one array, so that a load that skips a value (a member the loading type no longer has)
/// skips its keys with it. The load maps the first element's keys to its own members once (<see cref="_order"/>), so
/// renamed, added and removed members load as they do from maps.
/// </remarks>
internal struct KeyedElements<T>
{
    private readonly GraphFormatter<T>? _graph;

    /// <summary>The formatter of a struct written by its fields, whose every element is its contents.</summary>
    private readonly FieldFormatter<T>? _fields;

    /// <summary>The members the list's first element named, by position (nil where the type has no such member); set by that element.</summary>
    private FieldMember<T>?[]? _order;

    private KeyedElements(GraphFormatter<T>? graph, FieldFormatter<T>? fields)
    {
        _graph = graph;
        _fields = fields;
    }

    /// <summary>
    /// Writes the array header of <paramref name="count"/> elements, and the mark of keys written once if
    /// <paramref name="byFields"/> and there are two or more; true if it wrote the mark.
    /// </summary>
    public static bool WriteHeader(ref MessagePackWriter writer, int count, bool byFields)
    {
        if (!byFields || count < 2)
        {
            writer.WriteArrayHeader(count);
            return false;
        }

        writer.WriteArrayHeader((uint)count + 1);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(PickleExtensions.KeysOnce, 1));
        writer.WriteNil();
        return true;
    }

    /// <summary>
    /// Reads the array header of a list's or an array's elements, and the mark of keys written once if it is there:
    /// <paramref name="count"/> is the number of elements, the mark left out.
    /// </summary>
    /// <exception cref="PickleException">
    /// The mark is damaged, is in a payload of a format version before 5, or <paramref name="formatter"/> does not read
    /// <typeparamref name="T"/> by its fields.
    /// </exception>
    public static KeyedElements<T> Start(ref MessagePackReader reader, IMessagePackFormatter<T> formatter, MessagePackSerializerOptions options, out int count)
    {
        count = reader.ReadArrayHeader();
        if (count == 0 || reader.NextCode != MessagePackCode.FixExt1 || ObjectHeaders.PeekExtensionType(ref reader) != PickleExtensions.KeysOnce)
        {
            return default;
        }

        return StartKeyed(ref reader, formatter, options, ref count);
    }

    /// <summary>
    /// Reads the next element: through <paramref name="formatter"/>, or, in a list whose keys are written once, with
    /// the first element's keys.
    /// </summary>
    /// <remarks>
    /// The keyed reads are calls of their own, so that a list of other elements (strings, numbers, objects written
    /// with their headers) does not carry the field formatter's reads inlined, with the stack they take.
    /// </remarks>
    public T Read(ref MessagePackReader reader, IMessagePackFormatter<T> formatter, MessagePackSerializerOptions options) =>
        _graph is null && _fields is null ? formatter.Deserialize(ref reader, options) : ReadKeyed(ref reader, options);

    /// <summary><see cref="Start"/> once the mark is next: reads it, and checks it and the elements' formatter.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static KeyedElements<T> StartKeyed(ref MessagePackReader reader, IMessagePackFormatter<T> formatter, MessagePackSerializerOptions options, ref int count)
    {
        if (GraphOptions.StateOf(options) is { KeysOnce: false })
        {
            throw LoadErrors.KeyedListTooEarly(typeof(T));
        }

        reader.ReadExtensionFormatHeader();
        if (!reader.TryReadNil() || count < 3)
        {
            throw LoadErrors.DamagedKeyedList(typeof(T));
        }

        count--;
        return formatter switch
        {
            GraphFormatter<T> { Fields: not null } graph => new KeyedElements<T>(graph, null),
            FieldFormatter<T> fields when typeof(T).IsValueType => new KeyedElements<T>(null, fields),
            _ => throw LoadErrors.NotKeyedElements(typeof(T)),
        };
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private T ReadKeyed(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        _graph is not null ? _graph.DeserializeKeyed(ref reader, options, ref _order) : _fields!.DeserializeKeyed(ref reader, options, ref _order);
}
