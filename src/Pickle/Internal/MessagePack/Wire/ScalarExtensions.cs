using System.Buffers;
using System.Buffers.Binary;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The shapes of Pickle's scalar extensions (codes 70 to 76, FORMAT.md "Scalars"): a signed integer in the shortest
/// of fixext 1, 2, 4 or 8 that holds it, and a body of a fixed length (16 bytes in fixext 16, or the 10 bytes of a
/// DateTimeOffset); both little-endian. A scalar written as one of them says its type in the payload itself, so the
/// <c>pickle</c> tool shows it readably at any depth. The formatters of those scalars and the tool read them through here.
/// </summary>
internal static class ScalarExtensions
{
    /// <summary>
    /// Whether the reader is at an extension (false at anything else, or at the end): where a scalar is expected, its
    /// extension, or another that <see cref="ReadInteger"/> and <see cref="ReadBytes"/> refuse.
    /// </summary>
    public static bool IsNext(ref MessagePackReader reader) => !reader.End && ValueLengths.IsExtension(reader.NextCode);

    public static void WriteInteger(ref MessagePackWriter writer, sbyte typeCode, long value)
    {
        var length = value switch
        {
            >= sbyte.MinValue and <= sbyte.MaxValue => 1,
            >= short.MinValue and <= short.MaxValue => 2,
            >= int.MinValue and <= int.MaxValue => 4,
            _ => 8,
        };
        writer.WriteExtensionFormatHeader(new ExtensionHeader(typeCode, (uint)length));
        var span = writer.GetSpan(8);
        BinaryPrimitives.WriteInt64LittleEndian(span, value);
        writer.Advance(length);
    }

    /// <summary>Reads the integer of an extension of <paramref name="typeCode"/>; a PickleException naming <paramref name="type"/> for any other body.</summary>
    public static long ReadInteger(ref MessagePackReader reader, sbyte typeCode, Type type)
    {
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode != typeCode || header.Length is not (1 or 2 or 4 or 8))
        {
            throw Malformed(type, typeCode, header, "1, 2, 4 or 8 bytes");
        }

        Span<byte> bytes = stackalloc byte[8];
        reader.ReadRaw(header.Length).CopyTo(bytes);
        var value = BinaryPrimitives.ReadInt64LittleEndian(bytes);
        var unused = 64 - (8 * (int)header.Length);
        // Sign-extends the bytes read to 64 bits.
        return unused == 0 ? value : (value << unused) >> unused;
    }

    /// <summary>Writes <paramref name="bytes"/> as an extension of <paramref name="typeCode"/>: fixext 16 for 16 bytes.</summary>
    public static void WriteBytes(ref MessagePackWriter writer, sbyte typeCode, scoped ReadOnlySpan<byte> bytes)
    {
        writer.WriteExtensionFormatHeader(new ExtensionHeader(typeCode, (uint)bytes.Length));
        bytes.CopyTo(writer.GetSpan(bytes.Length));
        writer.Advance(bytes.Length);
    }

    /// <summary>
    /// Reads the body of an extension of <paramref name="typeCode"/> into <paramref name="destination"/>, whose length
    /// the body must have; a PickleException naming <paramref name="type"/> for any other extension.
    /// </summary>
    public static void ReadBytes(ref MessagePackReader reader, sbyte typeCode, Type type, scoped Span<byte> destination)
    {
        var header = reader.ReadExtensionFormatHeader();
        if (header.TypeCode != typeCode || header.Length != destination.Length)
        {
            throw Malformed(type, typeCode, header, $"{destination.Length} bytes");
        }

        reader.ReadRaw(destination.Length).CopyTo(destination);
    }

    /// <summary>
    /// Reads the integer of an extension of <paramref name="typeCode"/> straight from <paramref name="bytes"/> at
    /// <paramref name="position"/>, as <see cref="ReadInteger"/> does; false, with <paramref name="position"/> unmoved, for
    /// anything else or a body cut short (the caller then reads through MessagePack's reader, which reports it).
    /// </summary>
    public static bool TryReadInteger(ReadOnlySpan<byte> bytes, ref int position, sbyte typeCode, out long value)
    {
        value = 0;
        if ((uint)(position + 1) >= (uint)bytes.Length || (sbyte)bytes[position + 1] != typeCode)
        {
            return false;
        }

        var length = bytes[position] switch
        {
            MessagePackCode.FixExt1 => 1,
            MessagePackCode.FixExt2 => 2,
            MessagePackCode.FixExt4 => 4,
            MessagePackCode.FixExt8 => 8,
            _ => 0,
        };
        if (length == 0 || bytes.Length - position - 2 < length)
        {
            return false;
        }

        var body = bytes.Slice(position + 2, length);
        value = length switch
        {
            1 => unchecked((sbyte)body[0]),
            2 => BinaryPrimitives.ReadInt16LittleEndian(body),
            4 => BinaryPrimitives.ReadInt32LittleEndian(body),
            _ => BinaryPrimitives.ReadInt64LittleEndian(body),
        };
        position += 2 + length;
        return true;
    }

    /// <summary>
    /// Finds the 16-byte body of an extension of <paramref name="typeCode"/> (as <see cref="WriteBytes"/> writes one of
    /// 16 bytes: a fixext 16) straight in <paramref name="bytes"/> at <paramref name="position"/>, and moves past it;
    /// false, with <paramref name="position"/> unmoved, for anything else or a body cut short (the caller then reads
    /// through MessagePack's reader, which reports it).
    /// </summary>
    public static bool TryFindSixteen(ReadOnlySpan<byte> bytes, ref int position, sbyte typeCode, out ReadOnlySpan<byte> body)
    {
        if (bytes.Length - position < 18 || bytes[position] != MessagePackCode.FixExt16 || (sbyte)bytes[position + 1] != typeCode)
        {
            body = default;
            return false;
        }

        body = bytes.Slice(position + 2, 16);
        position += 18;
        return true;
    }

    private static PickleException Malformed(Type type, sbyte typeCode, ExtensionHeader header, string expected) =>
        new($"Where a {TypeNames.Of(type)} is expected, the pickle holds an extension of type {header.TypeCode} with {header.Length} bytes, " +
            $"but Pickle writes a {TypeNames.Of(type)} as extension {typeCode} of {expected}. " +
            "The file is damaged or was not written by Pickle; load a good copy, or dump the value again.");
}
