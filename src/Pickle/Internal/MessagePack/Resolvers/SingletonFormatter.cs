using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A type with one instance that matters and no state (<see cref="DBNull"/>, <see cref="System.Reflection.Missing"/>,
/// <see cref="EventArgs"/>): written as the empty map of its fields, as by field, and loaded as that instance.
/// </summary>
internal sealed class SingletonFormatter<T> : IMessagePackFormatter<T?>
    where T : class
{
    private readonly T _instance = (T)ExactFormatters.Singletons[typeof(T)];

    public void Serialize(ref MessagePackWriter writer, T? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteMapHeader(0);
    }

    public T? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw new PickleException(
                $"A {TypeNames.Of(typeof(T))} must be a map of its fields, but the pickle holds a {reader.NextMessagePackType}. The file is damaged or was not written from these types.");
        }

        reader.Skip();
        GraphState.Created(options, _instance);
        return _instance;
    }
}
