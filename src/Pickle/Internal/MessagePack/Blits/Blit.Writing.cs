using System.Buffers.Binary;
using System.Runtime.InteropServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes the blocks of blitted arrays (FORMAT.md, "Large numeric data"). While Pickle dumps into its own
/// <see cref="SegmentedBuffer"/> (the call's <see cref="GraphState.BorrowingBuffer"/>), blocks of at least
/// <see cref="BorrowThreshold"/> bytes that live in an array are appended to the buffer by reference rather than copied;
/// the frame writer then copies them a slice at a time as it hashes and writes them. Reading is in Blit.Reading.cs.
/// </summary>
internal static partial class Blit
{
    /// <summary>Smaller blocks are copied: referencing them would cost more than the copy.</summary>
    public const int BorrowThreshold = 64 * 1024;

    /// <summary>Vectors with fewer bytes of elements than this are written by <see cref="WriteSmallVector"/>.</summary>
    private const int SmallVectorLength = byte.MaxValue;

    /// <summary>
    /// Vectors of at most this many integers or booleans are written as a plain MessagePack array, which is smaller
    /// for a few elements than a blit's header and fixed-width elements. Every reader of a blit reads both.
    /// </summary>
    private const int PlainVectorCount = 8;

    /// <summary>Writes a one-dimensional blit (extension header, element code, elements), or a few integers as a plain array.</summary>
    public static void WriteVector<T>(ref MessagePackWriter writer, ReadOnlySpan<T> values, Array? owner, long ownerByteOffset, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        if (values.Length <= PlainVectorCount && TryWritePlain(ref writer, values))
        {
            return;
        }

        BlitElements.EnsureLittleEndian();
        var dataLength = (long)values.Length * BlitElement<T>.Size;
        if (dataLength < SmallVectorLength)
        {
            WriteSmallVector(ref writer, BlitElement<T>.Code, MemoryMarshal.AsBytes(values));
            return;
        }

        WriteExtensionHeader(ref writer, BlitElements.VectorExtensionCode, 1 + dataLength);
        var code = writer.GetSpan(1);
        code[0] = BlitElement<T>.Code;
        writer.Advance(1);
        WriteElements(ref writer, values, owner, ownerByteOffset, options);
    }

    /// <summary>
    /// Writes a blit whose extension data (element code and elements) is shorter than <see cref="SmallVectorLength"/>
    /// bytes with one request for space: the header MessagePackWriter would write (fixext or ext 8), the code, the elements.
    /// </summary>
    private static void WriteSmallVector(ref MessagePackWriter writer, byte code, ReadOnlySpan<byte> elements)
    {
        var length = 1 + elements.Length;
        var span = writer.GetSpan(3 + length);
        var headerLength = 1;
        switch (length)
        {
            case 1:
                span[0] = MessagePackCode.FixExt1;
                break;
            case 2:
                span[0] = MessagePackCode.FixExt2;
                break;
            case 4:
                span[0] = MessagePackCode.FixExt4;
                break;
            case 8:
                span[0] = MessagePackCode.FixExt8;
                break;
            case 16:
                span[0] = MessagePackCode.FixExt16;
                break;
            default:
                span[0] = MessagePackCode.Ext8;
                span[1] = (byte)length;
                headerLength = 2;
                break;
        }

        span[headerLength] = unchecked((byte)BlitElements.VectorExtensionCode);
        span[headerLength + 1] = code;
        elements.CopyTo(span[(headerLength + 2)..]);
        writer.Advance(headerLength + 1 + length);
    }

    /// <summary>Writes a multi-dimensional blit: extension header, element code, rank, lengths, lower bounds, elements (row-major).</summary>
    public static void WriteMultiDimensional<T>(ref MessagePackWriter writer, Array array, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        BlitElements.EnsureLittleEndian();
        var rank = array.Rank;
        var headerLength = 2 + (8 * rank);
        var dataLength = array.LongLength * BlitElement<T>.Size;
        WriteExtensionHeader(ref writer, BlitElements.MultiDimensionalExtensionCode, headerLength + dataLength);
        var header = writer.GetSpan(headerLength)[..headerLength];
        header[0] = BlitElement<T>.Code;
        header[1] = (byte)rank;
        for (var dimension = 0; dimension < rank; dimension++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(header[(2 + (4 * dimension))..], array.GetLength(dimension));
            BinaryPrimitives.WriteInt32LittleEndian(header[(2 + (4 * (rank + dimension)))..], array.GetLowerBound(dimension));
        }

        writer.Advance(headerLength);
        var elements = MemoryMarshal.CreateSpan(
            ref System.Runtime.CompilerServices.Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(array)),
            array.Length);
        WriteElements(ref writer, elements, array, 0, options);
    }

    private static void WriteElements<T>(ref MessagePackWriter writer, ReadOnlySpan<T> values, Array? owner, long ownerByteOffset, MessagePackSerializerOptions options)
        where T : unmanaged
    {
        var borrowing = owner is null ? null : GraphOptions.StateOf(options)?.BorrowingBuffer;
        while (!values.IsEmpty)
        {
            var count = Math.Min(values.Length, BlitElement<T>.ElementsPerBlock);
            var bytes = MemoryMarshal.AsBytes(values[..count]);
            if (borrowing is not null && bytes.Length >= BorrowThreshold)
            {
                writer.Flush();
                borrowing.AppendBorrowed(new ArrayByteMemory(owner!, ownerByteOffset, bytes.Length).Memory);
            }
            else
            {
                writer.WriteRaw(bytes);
            }

            ownerByteOffset += bytes.Length;
            values = values[count..];
        }
    }

    /// <summary>
    /// Writes the smallest extension header for <paramref name="length"/> bytes. MessagePackWriter handles lengths up
    /// to 2 GiB only, so longer ones (up to the ext 32 limit of 4 GiB) get their ext 32 header written here.
    /// </summary>
    private static void WriteExtensionHeader(ref MessagePackWriter writer, sbyte typeCode, long length)
    {
        if (length <= int.MaxValue)
        {
            writer.WriteExtensionFormatHeader(new ExtensionHeader(typeCode, (uint)length));
            return;
        }

        if (length > uint.MaxValue)
        {
            throw new NotSupportedException($"An array of {length:N0} bytes is too large for one block; the limit is {uint.MaxValue:N0} bytes (4 GiB).");
        }

        var header = writer.GetSpan(6);
        header[0] = MessagePackCode.Ext32;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)length);
        header[5] = unchecked((byte)typeCode);
        writer.Advance(6);
    }
}
