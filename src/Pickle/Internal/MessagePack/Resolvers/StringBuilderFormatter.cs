using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>A <see cref="StringBuilder"/> as the string it holds, exactly (<see cref="ExactStringFormatter"/>): lone surrogates too.</summary>
internal sealed class StringBuilderFormatter : IMessagePackFormatter<StringBuilder?>
{
    public void Serialize(ref MessagePackWriter writer, StringBuilder? value, MessagePackSerializerOptions options) =>
        ExactStringFormatter.Write(ref writer, value?.ToString());

    public StringBuilder? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        ExactStringFormatter.Read(ref reader) is { } text ? new StringBuilder(text) : null;
}
