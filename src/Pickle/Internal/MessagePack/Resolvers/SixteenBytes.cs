using System.Buffers;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>Reads the 16 bytes of a value Pickle writes as a bin of 16 bytes, or as a scalar extension of 16 bytes from format version 4 on.</summary>
internal static class SixteenBytes
{
    /// <summary>
    /// Reads a scalar extension of <paramref name="typeCode"/> (<see cref="ScalarExtensions"/>), or, as format versions 1
    /// to 3 wrote it, a bin of 16 bytes.
    /// </summary>
    public static void ReadExtensionOrBin(ref MessagePackReader reader, sbyte typeCode, Type type, scoped Span<byte> destination)
    {
        if (ScalarExtensions.IsNext(ref reader))
        {
            ScalarExtensions.ReadBytes(ref reader, typeCode, type, destination);
        }
        else
        {
            Read(ref reader, destination, TypeNames.Of(type));
        }
    }

    public static void Read(ref MessagePackReader reader, scoped Span<byte> destination, string typeName)
    {
        var sequence = reader.ReadBytes();
        if (sequence is not { Length: 16 } bytes)
        {
            throw new MessagePackSerializationException($"A {typeName} must be a bin of 16 bytes.");
        }

        bytes.CopyTo(destination);
    }
}
