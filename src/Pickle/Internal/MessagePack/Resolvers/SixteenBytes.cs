using System.Buffers;
using MessagePack;

namespace Pickling.Internal.MessagePack;

internal static class SixteenBytes
{
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
