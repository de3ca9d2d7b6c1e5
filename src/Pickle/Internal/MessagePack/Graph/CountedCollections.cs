using System.Collections;
using System.Runtime.CompilerServices;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Which formatters allocate by a count read from the payload, and what each counted element costs: every array and
/// collection, whose element count is read before its elements, and which a payload can make cost far more than its
/// bytes (a nil is one byte, a <c>Nullable</c> of a large struct is its size). Their formatters are wrapped in a
/// <see cref="CountedCollectionFormatter{T}"/>, which charges the load's <see cref="AllocationBudget"/> before they read.
/// </summary>
internal static class CountedCollections
{
    /// <summary>What a collection other than an array holds per element beyond the element: a hash and link, or a node's header.</summary>
    private const int EntryOverhead = 16;

    /// <summary><paramref name="formatter"/>, wrapped so that its counts are charged if <typeparamref name="T"/> is a collection.</summary>
    public static IMessagePackFormatter<T> Wrap<T>(IMessagePackFormatter<T> formatter) =>
        CountedCollectionFormatter<T>.BytesPerElement is null || formatter is CountedCollectionFormatter<T> ? formatter : new CountedCollectionFormatter<T>(formatter);

    /// <summary>The bytes one element of a <paramref name="type"/> costs when it is loaded, or <see langword="null"/> if it is not a collection.</summary>
    public static long? BytesPerElement(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return SizeOf(type.GetElementType()!);
        }

        if (type.IsConstructedGenericType
            && type.GetGenericTypeDefinition() is var definition
            && (definition == typeof(Memory<>) || definition == typeof(ReadOnlyMemory<>)))
        {
            return SizeOf(type.GetGenericArguments()[0]);
        }

        var enumerable = type.IsInterface && type.IsConstructedGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsConstructedGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        if (enumerable is not null)
        {
            return SizeOf(enumerable.GetGenericArguments()[0]) + EntryOverhead;
        }

        return typeof(IEnumerable).IsAssignableFrom(type) ? IntPtr.Size + EntryOverhead : null;
    }

    /// <summary>
    /// The bytes a <paramref name="type"/> takes in an array: a reference, or the struct itself (as
    /// <see cref="Unsafe.SizeOf{T}"/> gives it; on .NET 9 and later without making and calling that method for the type).
    /// </summary>
    private static long SizeOf(Type type) =>
        type.IsValueType && !type.IsPointer && !type.IsByRef && !type.IsByRefLike && !type.ContainsGenericParameters
#if NET9_0_OR_GREATER
            ? RuntimeHelpers.SizeOf(type.TypeHandle)
#else
            ? (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!
#endif
            : IntPtr.Size;
}
