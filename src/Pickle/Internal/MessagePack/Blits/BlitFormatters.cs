using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Pickling.Internal.MessagePack;

/// <summary>Writes a <typeparamref name="T"/>[] as one blit; reads a blit, or a plain MessagePack array.</summary>
internal sealed class BlitArrayFormatter<T> : IMessagePackFormatter<T[]?>, ISmallBlitReader<T[]?>
    where T : unmanaged
{
    public bool TryReadSmall(ref MessagePackReader reader, out T[]? value) => Blit.TryReadSmallVector(ref reader, out value);

    public bool TryReadSmall(ReadOnlySpan<byte> bytes, ref int position, out T[]? value) => Blit.TryReadSmallVector(bytes, ref position, out value);

    public void Serialize(ref MessagePackWriter writer, T[]? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        Blit.WriteVector<T>(ref writer, value, value, 0, options);
    }

    public T[]? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        return reader.NextMessagePackType == MessagePackType.Array
            ? Blit.ReadPlainVector<T>(ref reader, options)
            : Blit.ReadVector<T>(ref reader, options);
    }
}

/// <summary>Writes a <see cref="List{T}"/> of <typeparamref name="T"/> as one blit of its items.</summary>
internal sealed class BlitListFormatter<T> : IMessagePackFormatter<List<T>?>, ISmallBlitReader<List<T>?>
    where T : unmanaged
{
    public bool TryReadSmall(ref MessagePackReader reader, out List<T>? value) => Blit.TryReadSmallVectorList(ref reader, out value);

    public bool TryReadSmall(ReadOnlySpan<byte> bytes, ref int position, out List<T>? value) => Blit.TryReadSmallVectorList(bytes, ref position, out value);

    public void Serialize(ref MessagePackWriter writer, List<T>? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        // The list's array is not reachable, and the list may change after the dump returns: copy its items.
        Blit.WriteVector<T>(ref writer, CollectionsMarshal.AsSpan(value), null, 0, options);
    }

    public List<T>? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            reader.ReadNil();
            return null;
        }

        return MessagePackCode.ToMessagePackType(code) == MessagePackType.Array
            ? Blit.ReadPlainList<T>(ref reader, options)
            : Blit.ReadVectorList<T>(ref reader, options);
    }
}

/// <summary>Writes a <see cref="Memory{T}"/> of <typeparamref name="T"/> as one blit; reads it into a new array.</summary>
internal sealed class BlitMemoryFormatter<T> : IMessagePackFormatter<Memory<T>>
    where T : unmanaged
{
    public void Serialize(ref MessagePackWriter writer, Memory<T> value, MessagePackSerializerOptions options) =>
        BlitReadOnlyMemoryFormatter<T>.Write(ref writer, value, options);

    public Memory<T> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        BlitReadOnlyMemoryFormatter<T>.Read(ref reader, options);
}

/// <summary>Writes a <see cref="ReadOnlyMemory{T}"/> of <typeparamref name="T"/> as one blit; reads it into a new array.</summary>
internal sealed class BlitReadOnlyMemoryFormatter<T> : IMessagePackFormatter<ReadOnlyMemory<T>>
    where T : unmanaged
{
    public void Serialize(ref MessagePackWriter writer, ReadOnlyMemory<T> value, MessagePackSerializerOptions options) =>
        Write(ref writer, value, options);

    public ReadOnlyMemory<T> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        Read(ref reader, options);

    internal static void Write(ref MessagePackWriter writer, ReadOnlyMemory<T> value, MessagePackSerializerOptions options)
    {
        if (MemoryMarshal.TryGetArray(value, out var segment))
        {
            Blit.WriteVector<T>(ref writer, segment.AsSpan(), segment.Array, (long)segment.Offset * BlitElement<T>.Size, options);
        }
        else
        {
            Blit.WriteVector(ref writer, value.Span, null, 0, options);
        }
    }

    internal static T[] Read(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.NextMessagePackType == MessagePackType.Array
            ? Blit.ReadPlainVector<T>(ref reader, options)
            : Blit.ReadVector<T>(ref reader, options);
}

/// <summary>Writes a multi-dimensional array of <typeparamref name="T"/> (such as <c>T[,]</c>) as one blit, in row-major order.</summary>
internal sealed class BlitMultiDimensionalFormatter<TArray, T> : IMessagePackFormatter<TArray?>
    where TArray : class
    where T : unmanaged
{
    private static readonly int Rank = typeof(TArray).GetArrayRank();

    public void Serialize(ref MessagePackWriter writer, TArray? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        Blit.WriteMultiDimensional<T>(ref writer, (Array)(object)value, options);
    }

    public TArray? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        return reader.NextMessagePackType == MessagePackType.Array
            ? StandardResolver.Instance.GetFormatterWithVerify<TArray>().Deserialize(ref reader, options)
            : (TArray)(object)Blit.ReadMultiDimensional<T>(ref reader, Rank, options);
    }
}

/// <summary>
/// Finds the blit formatter of arrays (of any rank), lists and memories of unmanaged primitives. <c>byte[]</c>,
/// <see cref="Memory{T}"/> and <see cref="ReadOnlyMemory{T}"/> of bytes stay MessagePack bin.
/// </summary>
internal sealed class BlitResolver : IFormatterResolver
{
    public static readonly BlitResolver Instance = new();

    private BlitResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    private static object? Create(Type type)
    {
        if (type.IsArray)
        {
            var element = type.GetElementType()!;
            if (!BlitElements.IsBlittable(element) || (type.IsSZArray && element == typeof(byte)))
            {
                return null;
            }

            return type.IsSZArray
                ? Activator.CreateInstance(typeof(BlitArrayFormatter<>).MakeGenericType(element))
                : type.GetArrayRank() > 1
                    ? Activator.CreateInstance(typeof(BlitMultiDimensionalFormatter<,>).MakeGenericType(type, element))
                    : null;
        }

        if (!type.IsGenericType || type.GetGenericArguments()[0] is not { } argument || !BlitElements.IsBlittable(argument))
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var formatter = definition == typeof(List<>)
            ? typeof(BlitListFormatter<>)
            : argument == typeof(byte)
                ? null
                : definition == typeof(Memory<>)
                    ? typeof(BlitMemoryFormatter<>)
                    : definition == typeof(ReadOnlyMemory<>) ? typeof(BlitReadOnlyMemoryFormatter<>) : null;
        return formatter is null ? null : Activator.CreateInstance(formatter.MakeGenericType(argument));
    }

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)Create(typeof(T));
    }
}
