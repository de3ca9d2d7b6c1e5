using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The element types that Pickle writes as one contiguous little-endian block (a "blit"), with the code that
/// names each one in the payload. The codes are Python <c>struct</c>/NumPy type characters, so a reader can
/// build the dtype from them (FORMAT.md, "Large numeric data").
/// </summary>
internal static class BlitElements
{
    /// <summary>The MessagePack extension type of a one-dimensional blit: element code, then the elements.</summary>
    public const sbyte VectorExtensionCode = 90;

    /// <summary>The MessagePack extension type of a multi-dimensional blit: element code, rank, lengths, lower bounds, elements.</summary>
    public const sbyte MultiDimensionalExtensionCode = 91;

    private static readonly Dictionary<Type, byte> Codes = new()
    {
        [typeof(bool)] = (byte)'?',
        [typeof(sbyte)] = (byte)'b',
        [typeof(byte)] = (byte)'B',
        [typeof(short)] = (byte)'h',
        [typeof(ushort)] = (byte)'H',
        [typeof(int)] = (byte)'i',
        [typeof(uint)] = (byte)'I',
        [typeof(long)] = (byte)'q',
        [typeof(ulong)] = (byte)'Q',
        [typeof(Half)] = (byte)'e',
        [typeof(float)] = (byte)'f',
        [typeof(double)] = (byte)'d',
        [typeof(char)] = (byte)'u',
    };

    public static bool IsBlittable(Type type) => Codes.ContainsKey(type);

    public static byte CodeOf(Type type) => Codes[type];

    /// <summary>The size of the elements an element code names; 0 for a code that names none.</summary>
    public static int SizeOf(byte code) => code switch
    {
        (byte)'?' or (byte)'b' or (byte)'B' => 1,
        (byte)'h' or (byte)'H' or (byte)'e' or (byte)'u' => 2,
        (byte)'i' or (byte)'I' or (byte)'f' => 4,
        (byte)'q' or (byte)'Q' or (byte)'d' => 8,
        _ => 0,
    };

    /// <summary>
    /// A new array of <paramref name="count"/> elements of the type <paramref name="code"/> names (a code for which
    /// <see cref="SizeOf"/> is not 0), its elements not cleared: the caller fills all of them.
    /// </summary>
    public static Array AllocateVector(byte code, int count) => code switch
    {
        (byte)'?' => GC.AllocateUninitializedArray<bool>(count),
        (byte)'b' => GC.AllocateUninitializedArray<sbyte>(count),
        (byte)'B' => GC.AllocateUninitializedArray<byte>(count),
        (byte)'h' => GC.AllocateUninitializedArray<short>(count),
        (byte)'H' => GC.AllocateUninitializedArray<ushort>(count),
        (byte)'e' => GC.AllocateUninitializedArray<Half>(count),
        (byte)'u' => GC.AllocateUninitializedArray<char>(count),
        (byte)'i' => GC.AllocateUninitializedArray<int>(count),
        (byte)'I' => GC.AllocateUninitializedArray<uint>(count),
        (byte)'f' => GC.AllocateUninitializedArray<float>(count),
        (byte)'q' => GC.AllocateUninitializedArray<long>(count),
        (byte)'Q' => GC.AllocateUninitializedArray<ulong>(count),
        (byte)'d' => GC.AllocateUninitializedArray<double>(count),
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "Not an element code."),
    };

    /// <summary>Names an element code in messages.</summary>
    public static string Describe(byte code)
    {
        foreach (var (type, known) in Codes)
        {
            if (known == code)
            {
                return TypeNames.Of(type);
            }
        }

        return $"unknown code 0x{code:X2}";
    }

    /// <summary>Blits are little-endian; a big-endian host would need to swap every element, which Pickle does not do.</summary>
    public static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new NotSupportedException(
                "Arrays of numbers are stored as little-endian blocks, and this host is big-endian, which Pickle does not support.");
        }
    }

    public static MessagePackSerializationException Invalid(string what) =>
        new($"The array data is invalid: {what}.");
}

/// <summary>The code and size of one blittable element type.</summary>
internal static class BlitElement<T>
    where T : unmanaged
{
    public static readonly byte Code = BlitElements.CodeOf(typeof(T));

    public static readonly int Size = Unsafe.SizeOf<T>();

    /// <summary>How many elements make a block of at most 1 GiB, the unit in which large arrays are copied and borrowed.</summary>
    public static readonly int ElementsPerBlock = (1 << 30) / Unsafe.SizeOf<T>();
}
