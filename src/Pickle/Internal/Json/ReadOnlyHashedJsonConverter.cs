using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pickling.Internal;

/// <summary>
/// Loads an <see cref="IReadOnlyDictionary{TKey, TValue}"/> or <see cref="IReadOnlySet{T}"/> as the
/// <see cref="Dictionary{TKey, TValue}"/> or <see cref="HashSet{T}"/> it is made of, which <see cref="JsonSecurity"/>
/// creates with Pickle's comparer: System.Text.Json would fill one with .NET's own comparer, which a file can make
/// collide. The JSON is the same either way.
/// </summary>
internal sealed class ReadOnlyHashedJsonConverter : JsonConverterFactory
{
    public static readonly ReadOnlyHashedJsonConverter Instance = new();

    private ReadOnlyHashedJsonConverter()
    {
    }

    public override bool CanConvert(Type typeToConvert) =>
        typeToConvert.IsConstructedGenericType
        && typeToConvert.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IReadOnlyDictionary<,>) || definition == typeof(IReadOnlySet<>));

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options)
    {
        var arguments = typeToConvert.GetGenericArguments();
        var converter = arguments.Length == 2 ? typeof(DictionaryConverter<,>) : typeof(SetConverter<>);
        return (JsonConverter)Activator.CreateInstance(converter.MakeGenericType(arguments))!;
    }

    private sealed class DictionaryConverter<TKey, TValue> : JsonConverter<IReadOnlyDictionary<TKey, TValue>>
        where TKey : notnull
    {
        public override IReadOnlyDictionary<TKey, TValue>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<Dictionary<TKey, TValue>>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, IReadOnlyDictionary<TKey, TValue> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value as Dictionary<TKey, TValue> ?? new Dictionary<TKey, TValue>(value), options);
    }

    private sealed class SetConverter<T> : JsonConverter<IReadOnlySet<T>>
    {
        public override IReadOnlySet<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonSerializer.Deserialize<HashSet<T>>(ref reader, options);

        public override void Write(Utf8JsonWriter writer, IReadOnlySet<T> value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize<IEnumerable<T>>(writer, value, options);
    }
}
