using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes a <see cref="Guid"/> as extension 76 holding the 16 bytes of <see cref="Guid.ToByteArray()"/>. Payloads of
/// format versions 1 to 3 hold the same bytes as a bin (MessagePack's native Guid encoding), which loads as well.
/// </summary>
internal sealed class GuidBytesFormatter : IMessagePackFormatter<Guid>
{
    public static readonly GuidBytesFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, Guid value, MessagePackSerializerOptions options)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        ScalarExtensions.WriteBytes(ref writer, PickleExtensions.Guid, bytes);
    }

    public Guid Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => Read(ref reader);

    public static Guid Read(ref MessagePackReader reader)
    {
        Span<byte> bytes = stackalloc byte[16];
        SixteenBytes.ReadExtensionOrBin(ref reader, PickleExtensions.Guid, typeof(Guid), bytes);
        return new Guid(bytes);
    }

    /// <summary>
    /// Reads a Guid straight from <paramref name="bytes"/> at <paramref name="position"/> if it is extension 76 there,
    /// as <see cref="Read"/> reads it; false, with nothing moved, for anything else.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> bytes, ref int position, out Guid value)
    {
        if (ScalarExtensions.TryFindSixteen(bytes, ref position, PickleExtensions.Guid, out var body))
        {
            value = new Guid(body);
            return true;
        }

        value = default;
        return false;
    }
}
