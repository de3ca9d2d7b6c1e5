using System.Buffers;
using System.Text;

namespace Pickling.Cli.Tests.Support;

/// <summary>A serializer of a format the tool does not read ("text": the value's string form), for files of a custom format.</summary>
public sealed class TextSerializer : IPickleSerializer
{
    public string Format => "text";

    public void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options) =>
        destination.Write(Encoding.UTF8.GetBytes(value?.ToString() ?? string.Empty));

    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options) =>
        (T)(object)Encoding.UTF8.GetString(source);
}
