using System.Collections.ObjectModel;
using System.Reflection;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A <see cref="ReadOnlyCollection{T}"/>, <see cref="Collection{T}"/> or <see cref="System.ComponentModel.BindingList{T}"/>
/// with the list it wraps. Over the list a load makes for MessagePack's array of the items (an array for a read-only
/// collection, a <see cref="List{T}"/> for the others), and without <see cref="PickleOptions.PreserveReferences"/>, it
/// is that array; otherwise <c>[ext 85 nil, the list as an IList&lt;T&gt;]</c>, so that the list keeps its type (and,
/// with references, its identity). A list of a type the load would refuse is refused on dump by the list's header.
/// </summary>
internal sealed class WrappedListFormatter<TCollection, T> : IMessagePackFormatter<TCollection?>
    where TCollection : class, IList<T>
{
    private static readonly bool IsReadOnly = typeof(TCollection) == typeof(ReadOnlyCollection<T>);

    private static readonly FieldGetter<TCollection, IList<T>> GetList = FieldAccessors.Getter<TCollection, IList<T>>(
        (IsReadOnly ? typeof(ReadOnlyCollection<T>) : typeof(Collection<T>)).GetField(IsReadOnly ? "list" : "items", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException($"{typeof(TCollection)} has no list field; Pickle cannot keep the list it wraps."));

    public void Serialize(ref MessagePackWriter writer, TCollection? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var list = GetList(ref value);
        if (GraphOptions.StateOf(options) is not { PreserveReferences: true } && TryGetItems(list, out var items))
        {
            GraphFormatter<T>.SerializeArray(ref writer, items, options);
            return;
        }

        writer.WriteArrayHeader(2);
        writer.WriteExtensionFormatHeader(new ExtensionHeader(PickleExtensions.WrappedList, 1));
        writer.WriteNil();
        options.Resolver.GetFormatterWithVerify<IList<T>>().Serialize(ref writer, list, options);
    }

    public TCollection? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        IList<T>? list;
        if (ObjectHeaders.StartsWithExtension(ref reader, PickleExtensions.WrappedList))
        {
            reader.ReadArrayHeader();
            reader.Skip();
            list = options.Resolver.GetFormatterWithVerify<IList<T>>().Deserialize(ref reader, options)
                ?? throw new PickleException($"The pickle holds a {TypeNames.Of(typeof(TCollection))} over no list. The file is damaged or was not written by Pickle.");
        }
        else
        {
            list = IsReadOnly
                ? options.Resolver.GetFormatterWithVerify<T[]>().Deserialize(ref reader, options)
                : options.Resolver.GetFormatterWithVerify<List<T>>().Deserialize(ref reader, options);
            if (list is null)
            {
                return null;
            }
        }

        return (TCollection)Activator.CreateInstance(typeof(TCollection), list)!;
    }

    /// <summary>The items of a list of the type a load makes from an array of items; false for another list.</summary>
    private static bool TryGetItems(IList<T> list, out ReadOnlySpan<T> items)
    {
        items = IsReadOnly
            ? list.GetType() == typeof(T[]) ? (T[])list : default
            : list.GetType() == typeof(List<T>) ? CollectionsMarshal.AsSpan((List<T>)list) : default;
        return list.GetType() == (IsReadOnly ? typeof(T[]) : typeof(List<T>));
    }
}
