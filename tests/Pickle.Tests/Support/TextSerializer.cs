using System.Buffers;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>A tiny custom serializer: strings as raw UTF-8, under any format name.</summary>
public sealed class TextSerializer(string format = "test-utf8") : IPickleSerializer
{
    public string Format { get; } = format;

    public void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options)
    {
        var text = value as string ?? throw new NotSupportedException($"{nameof(TextSerializer)} writes strings only.");
        var span = destination.GetSpan(Encoding.UTF8.GetMaxByteCount(text.Length));
        destination.Advance(Encoding.UTF8.GetBytes(text, span));
    }

    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options) =>
        typeof(T) == typeof(string)
            ? (T)(object)Encoding.UTF8.GetString(source)
            : throw new NotSupportedException($"{nameof(TextSerializer)} reads strings only.");
}
