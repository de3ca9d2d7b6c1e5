using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pickling.Internal;

namespace Pickling;

/// <summary>
/// A serializer that writes readable UTF-8 JSON payloads (format name <c>"json"</c>) with System.Text.Json, for
/// pickles that people or other tools should be able to read. It needs no package beyond the framework.
/// </summary>
/// <remarks>
/// Loads get the MessagePack path's guards: dictionaries and sets hash their keys with Pickle's collision-resistant
/// comparers, and gadget types (<c>Process</c>, <c>FileInfo</c>, ...) are refused wherever a type declares them, on dump
/// and on load. The settings given to the constructor are copied, never changed.
/// JSON is less faithful than MessagePack (for example, a <see cref="DateTime"/> keeps its kind only as an offset
/// in its text, and multi-dimensional arrays are not supported); use <see cref="MessagePackPickleSerializer"/> when
/// the exact value matters.
/// </remarks>
public sealed class SystemTextJsonPickleSerializer : IPickleSerializer
{
    /// <summary>The format name this serializer writes into frames.</summary>
    public const string FormatName = "json";

    private readonly JsonSerializerOptions _jsonOptions;

    /// <summary>
    /// Creates the serializer with Pickle's JSON settings: public fields included, NaN and infinities allowed,
    /// enums as numbers.
    /// </summary>
    public SystemTextJsonPickleSerializer()
        : this(null)
    {
    }

    /// <summary>Creates the serializer with a copy of the given System.Text.Json settings, with Pickle's guards added.</summary>
    /// <param name="jsonOptions">The settings to use, or <see langword="null"/> for Pickle's JSON settings.</param>
    public SystemTextJsonPickleSerializer(JsonSerializerOptions? jsonOptions)
    {
        _jsonOptions = jsonOptions is null
            ? new JsonSerializerOptions
            {
                IncludeFields = true,
                NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
                MaxDepth = PickleOptions.DefaultMaxDepth,
            }
            : new JsonSerializerOptions(jsonOptions);
        JsonSecurity.Apply(_jsonOptions);
        _jsonOptions.MakeReadOnly(populateMissingResolver: true);
    }

    internal static SystemTextJsonPickleSerializer Default { get; } = new();

    /// <inheritdoc />
    public string Format => FormatName;

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        using var writer = new Utf8JsonWriter(destination, new JsonWriterOptions { MaxDepth = MaxDepth(options), SkipValidation = true });
        JsonSerializer.Serialize(writer, value, _jsonOptions);
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var reader = new Utf8JsonReader(source, new JsonReaderOptions { MaxDepth = MaxDepth(options) });
        var value = JsonSerializer.Deserialize<T>(ref reader, _jsonOptions);
        if (reader.Read())
        {
            throw new PickleException(
                $"The JSON payload holds more after its value (at byte {reader.TokenStartIndex:N0}). The file is damaged or was written by a faulty serializer.");
        }

        return value!;
    }

    /// <summary>The tighter of the JSON settings' depth limit and <see cref="PickleOptions.MaxDepth"/>.</summary>
    private int MaxDepth(PickleOptions options) =>
        _jsonOptions.MaxDepth == 0 ? options.MaxDepth : Math.Min(_jsonOptions.MaxDepth, options.MaxDepth);
}
