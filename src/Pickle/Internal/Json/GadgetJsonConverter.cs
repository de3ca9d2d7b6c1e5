using System.Text.Json;
using System.Text.Json.Serialization;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal;

/// <summary>
/// Refuses, on dump and on load, JSON values of the types <see cref="TypePolicy.GadgetIn"/> finds, wherever they are
/// declared (a member, an element type, a generic argument, the root), with the MessagePack path's error. A null one
/// is written and read as <c>null</c>, since it creates nothing.
/// </summary>
internal sealed class GadgetJsonConverter : JsonConverterFactory
{
    public static readonly GadgetJsonConverter Instance = new();

    private GadgetJsonConverter()
    {
    }

    public override bool CanConvert(Type typeToConvert) => TypePolicy.GadgetIn(typeToConvert) is not null;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Refusing<>).MakeGenericType(typeToConvert))!;

    private sealed class Refusing<T> : JsonConverter<T>
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null && default(T) is null ? default! : throw TypePolicy.GadgetError(typeof(T));

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNullValue();
                return;
            }

            throw TypePolicy.GadgetError(typeof(T));
        }
    }
}
