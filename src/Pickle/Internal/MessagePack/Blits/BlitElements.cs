using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The blit formatters' view of <see cref="BlitElementTypes"/>, the table of the element types that Pickle writes as
/// one contiguous little-endian block (a "blit") and the codes that name them (FORMAT.md, "Large numeric data").
/// </summary>
internal static class BlitElements
{
    /// <summary>The MessagePack extension type of a one-dimensional blit: element code, then the elements.</summary>
    public const sbyte VectorExtensionCode = PickleExtensions.Vector;

    /// <summary>The MessagePack extension type of a multi-dimensional blit: element code, rank, lengths, lower bounds, elements.</summary>
    public const sbyte MultiDimensionalExtensionCode = PickleExtensions.MultiDimensional;

    /// <summary>
    /// True if Pickle blits elements of <paramref name="type"/>. Every element type is a primitive or
    /// <see cref="Half"/>, so another type is answered without making the table (BlitElementTypesTests checks it).
    /// </summary>
    public static bool IsBlittable(Type type) => (type.IsPrimitive || type == typeof(Half)) && BlitElementTypes.Find(type) is not null;

    public static byte CodeOf(Type type) =>
        BlitElementTypes.Find(type)?.Code ?? throw new ArgumentException($"{TypeNames.Of(type)} is not blitted.", nameof(type));

    /// <summary>The size of the elements an element code names; 0 for a code that names none.</summary>
    public static int SizeOf(byte code) => BlitElementTypes.Find(code)?.Size ?? 0;

    /// <summary>
    /// A new array of <paramref name="count"/> elements of the type <paramref name="code"/> names (a code for which
    /// <see cref="SizeOf"/> is not 0), its elements not cleared: the caller fills all of them.
    /// </summary>
    public static Array AllocateVector(byte code, int count) =>
        (BlitElementTypes.Find(code) ?? throw new ArgumentOutOfRangeException(nameof(code), code, "Not an element code.")).Allocate(count);

    /// <summary>Names an element code in messages.</summary>
    public static string Describe(byte code) => BlitElementTypes.Find(code)?.Name ?? $"unknown code 0x{code:X2}";

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
