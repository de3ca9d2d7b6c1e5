namespace Pickling.Internal.MessagePack;

/// <summary>What the bytes of a blit's elements mean, for a reader that decodes them without their .NET type.</summary>
internal enum BlitElementKind
{
    /// <summary>One byte, 0 or 1.</summary>
    Boolean,

    /// <summary>A two's-complement integer.</summary>
    SignedInteger,

    /// <summary>An unsigned integer.</summary>
    UnsignedInteger,

    /// <summary>An IEEE 754 binary floating-point number (half, single or double).</summary>
    FloatingPoint,

    /// <summary>A UTF-16 code unit.</summary>
    Character,
}
