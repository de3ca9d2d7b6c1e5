namespace Pickling.Internal.MessagePack;

/// <summary>
/// The element types Pickle blits, with the code that names each one in extensions 90 and 91
/// (<see cref="PickleExtensions"/>; FORMAT.md, "Large numeric data"): the one table of them, which the library's
/// blit formatters and the <c>pickle</c> tool's converter both read.
/// </summary>
internal static class BlitElementTypes
{
    /// <summary>Every element type, in the order FORMAT.md lists them.</summary>
    public static readonly IReadOnlyList<BlitElementType> All =
    [
        BlitElementType.Of<bool>('?', BlitElementKind.Boolean),
        BlitElementType.Of<sbyte>('b', BlitElementKind.SignedInteger),
        BlitElementType.Of<byte>('B', BlitElementKind.UnsignedInteger),
        BlitElementType.Of<short>('h', BlitElementKind.SignedInteger),
        BlitElementType.Of<ushort>('H', BlitElementKind.UnsignedInteger),
        BlitElementType.Of<int>('i', BlitElementKind.SignedInteger),
        BlitElementType.Of<uint>('I', BlitElementKind.UnsignedInteger),
        BlitElementType.Of<long>('q', BlitElementKind.SignedInteger),
        BlitElementType.Of<ulong>('Q', BlitElementKind.UnsignedInteger),
        BlitElementType.Of<Half>('e', BlitElementKind.FloatingPoint),
        BlitElementType.Of<float>('f', BlitElementKind.FloatingPoint),
        BlitElementType.Of<double>('d', BlitElementKind.FloatingPoint),
        BlitElementType.Of<char>('u', BlitElementKind.Character),
    ];

    private static readonly BlitElementType?[] ByCode = MakeByCode();

    private static readonly Dictionary<Type, BlitElementType> ByType = All.ToDictionary(element => element.Type);

    /// <summary>The element type <paramref name="code"/> names; <see langword="null"/> for a code that names none.</summary>
    public static BlitElementType? Find(byte code) => ByCode[code];

    /// <summary>The row of <paramref name="type"/>; <see langword="null"/> if Pickle does not blit it.</summary>
    public static BlitElementType? Find(Type type) => ByType.GetValueOrDefault(type);

    private static BlitElementType?[] MakeByCode()
    {
        var byCode = new BlitElementType?[256];
        foreach (var element in All)
        {
            byCode[element.Code] = element;
        }

        return byCode;
    }
}
