using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using MessagePack;
using MessagePack.Resolvers;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Arrays and lists of numbers held as a plain MessagePack array rather than a blit: a few integers or booleans are
/// written so (they are smaller so than a blit's header and fixed-width elements), and every reader of a blit reads
/// them, and any other plain array of numbers, back. The integers and booleans this file writes it reads itself,
/// element by element as MessagePack's own formatter of each reads them; other element types go to MessagePack's formatter.
/// </summary>
internal static partial class Blit
{
    /// <summary>Whether a few <typeparamref name="T"/> are written as a plain MessagePack array (<see cref="TryWritePlain"/>): integers and booleans.</summary>
    private static bool IsPlain<T>()
        where T : unmanaged =>
        typeof(T) == typeof(int) || typeof(T) == typeof(long) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong)
        || typeof(T) == typeof(short) || typeof(T) == typeof(ushort) || typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte)
        || typeof(T) == typeof(bool);

    /// <summary>Reads a plain MessagePack array (not nil) of <typeparamref name="T"/> into a new array.</summary>
    public static T[] ReadPlainVector<T>(ref MessagePackReader reader, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        if (!IsPlain<T>())
        {
            return StandardResolver.Instance.GetFormatterWithVerify<T[]>().Deserialize(ref reader, options);
        }

        // MessagePack's formatters of arrays of primitives read their elements without a level of depth.
        var count = reader.ReadArrayHeader();
        var array = count == 0 ? [] : new T[count];
        ReadPlainElements(ref reader, array);
        return array;
    }

    /// <summary>Reads a plain MessagePack array (not nil) of <typeparamref name="T"/> into a new <see cref="List{T}"/> that holds exactly its elements.</summary>
    public static List<T> ReadPlainList<T>(ref MessagePackReader reader, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        if (!IsPlain<T>())
        {
            return StandardResolver.Instance.GetFormatterWithVerify<List<T>>().Deserialize(ref reader, options)!;
        }

        // As MessagePack's formatter of lists, the elements are one level deeper.
        var count = reader.ReadArrayHeader();
        options.Security.DepthStep(ref reader);
        try
        {
            var list = new List<T>(count);
            CollectionsMarshal.SetCount(list, count);
            ReadPlainElements(ref reader, CollectionsMarshal.AsSpan(list));
            return list;
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>Writes <paramref name="values"/> as a MessagePack array if they are integers or booleans; false for other elements.</summary>
    private static bool TryWritePlain<T>(ref MessagePackWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (!IsPlain<T>())
        {
            return false;
        }

        writer.WriteArrayHeader(values.Length);
        foreach (var value in values)
        {
            var copy = value;
            if (typeof(T) == typeof(bool))
            {
                writer.Write(Unsafe.As<T, bool>(ref copy));
            }
            else if (typeof(T) == typeof(ulong))
            {
                writer.Write(Unsafe.As<T, ulong>(ref copy));
            }
            else
            {
                writer.Write(ToInt64(copy));
            }
        }

        return true;
    }

    /// <summary>Reads the elements of a plain array, each with the read MessagePack's formatter of <typeparamref name="T"/> makes.</summary>
    private static void ReadPlainElements<T>(ref MessagePackReader reader, Span<T> destination)
        where T : unmanaged
    {
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = ReadPlainElement<T>(ref reader);
        }
    }

    private static T ReadPlainElement<T>(ref MessagePackReader reader)
        where T : unmanaged =>
        typeof(T) == typeof(int) ? Reinterpret<int, T>(reader.ReadInt32())
        : typeof(T) == typeof(long) ? Reinterpret<long, T>(reader.ReadInt64())
        : typeof(T) == typeof(uint) ? Reinterpret<uint, T>(reader.ReadUInt32())
        : typeof(T) == typeof(ulong) ? Reinterpret<ulong, T>(reader.ReadUInt64())
        : typeof(T) == typeof(short) ? Reinterpret<short, T>(reader.ReadInt16())
        : typeof(T) == typeof(ushort) ? Reinterpret<ushort, T>(reader.ReadUInt16())
        : typeof(T) == typeof(sbyte) ? Reinterpret<sbyte, T>(reader.ReadSByte())
        : typeof(T) == typeof(byte) ? Reinterpret<byte, T>(reader.ReadByte())
        : Reinterpret<bool, T>(reader.ReadBoolean());

    /// <summary><paramref name="value"/> as a <typeparamref name="T"/>, which is <typeparamref name="TValue"/> itself.</summary>
    private static T Reinterpret<TValue, T>(TValue value)
        where TValue : unmanaged
        where T : unmanaged => Unsafe.As<TValue, T>(ref value);

    private static long ToInt64<T>(T value)
        where T : unmanaged =>
        value switch
        {
            int i => i,
            long l => l,
            uint u => u,
            short s => s,
            ushort u => u,
            sbyte s => s,
            byte b => b,
            _ => throw new InvalidOperationException($"{typeof(T)} is not an integer."),
        };
}
