using System.Buffers;

namespace Pickling.Tests.Support;

/// <summary>A serializer whose every call throws the exception it is given, under the "msgpack" format name.</summary>
public sealed class ThrowingSerializer(Func<Exception> error) : IPickleSerializer
{
    public string Format => MessagePackPickleSerializer.FormatName;

    public void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options) => throw error();

    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options) => throw error();
}
