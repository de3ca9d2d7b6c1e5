using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The contents of a value declared <see cref="object"/> that carries no type header: strings, booleans and
/// doubles (written without one; a string that is not valid UTF-16 as ext 83), and payloads from other writers, read
/// as MessagePack's primitive types.
/// </summary>
internal sealed class PlainObjectFormatter : IMessagePackFormatter<object?>
{
    public static readonly PlainObjectFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, object? value, MessagePackSerializerOptions options) =>
        writer.WriteMapHeader(0);

    public object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        reader.NextMessagePackType == MessagePackType.Extension && ObjectHeaders.PeekExtensionType(ref reader) == PickleExtensions.Utf16String
            ? ExactStringFormatter.Read(ref reader)
            : PrimitiveObjectFormatter.Instance.Deserialize(ref reader, options);
}
