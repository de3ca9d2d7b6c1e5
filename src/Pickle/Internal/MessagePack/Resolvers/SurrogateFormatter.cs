using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>Writes a value as its surrogate; <see langword="null"/> stays nil.</summary>
internal sealed class SurrogateFormatter<T, TSurrogate>(PickleSurrogate<T, TSurrogate> surrogate) : IMessagePackFormatter<T>
{
    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        options.Resolver.GetFormatterWithVerify<TSurrogate>().Serialize(ref writer, surrogate.ToSurrogate(value), options);
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (!typeof(T).IsValueType && reader.TryReadNil())
        {
            return default!;
        }

        return surrogate.FromSurrogate(options.Resolver.GetFormatterWithVerify<TSurrogate>().Deserialize(ref reader, options));
    }
}
