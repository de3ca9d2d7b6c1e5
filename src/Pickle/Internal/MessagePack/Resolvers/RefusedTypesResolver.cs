using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Refuses <see cref="Type"/> values in both directions. MessagePack would write a type's name and, on load,
/// resolve any name found in the file (loading its assembly), which breaks the promise that a file never makes
/// Pickle load a type by name.
/// </summary>
internal sealed class RefusedTypesResolver : IFormatterResolver
{
    public static readonly RefusedTypesResolver Instance = new();

    private RefusedTypesResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() =>
        typeof(Type).IsAssignableFrom(typeof(T)) ? RefusedTypeFormatter<T>.Instance : null;

    private sealed class RefusedTypeFormatter<T> : IMessagePackFormatter<T>
    {
        public static readonly RefusedTypeFormatter<T> Instance = new();

        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) => throw Refused();

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => throw Refused();

        private static PickleException Refused() =>
            new("Pickle does not save or load System.Type values: loading one would resolve a type named in the file, and load its assembly. " +
                "Store the type's name as a string instead, and map it back only to the types you allow.");
    }
}
