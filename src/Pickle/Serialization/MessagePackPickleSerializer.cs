using System.Buffers;
using System.Collections.Concurrent;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling;

/// <summary>
/// The default serializer: compact, fast MessagePack payloads (format name <c>"msgpack"</c>) built on
/// MessagePack-CSharp, extended so that values come back exactly as they were dumped: <see cref="DateTime"/> keeps
/// its <see cref="DateTime.Kind"/>, <see cref="decimal"/> its scale, and types need no attributes.
/// </summary>
/// <remarks>
/// Loads always run with MessagePack's protection for untrusted data (collision-resistant hashing for
/// dictionaries and sets of any key type, a depth limit from <see cref="PickleOptions.MaxDepth"/>), check the
/// payload's shape before building anything (so declared lengths cannot drive allocation), and create a type named
/// in the payload only if <see cref="PickleOptions.AllowedTypes"/>, <see cref="PickleOptions.AllowedAssemblies"/>,
/// <see cref="PicklableAttribute"/> or the built-in safe set allow it. Dumps stop at the same depth limit and report
/// cycles. Classes and structs are written field by field, private and base-class fields included;
/// <see cref="PickleOptions.PreserveReferences"/> keeps shared references and cycles. Arrays of primitives are
/// written as one little-endian block. The encoding of each type is documented in FORMAT.md.
/// </remarks>
public sealed class MessagePackPickleSerializer : IPickleSerializer
{
    /// <summary>The format name this serializer writes into frames.</summary>
    public const string FormatName = "msgpack";

    private static readonly ConcurrentDictionary<int, MessagePackSerializerOptions> s_optionsByDepth = new();

    /// <summary>Creates the serializer. Instances hold no state; <see cref="PickleOptions.Default"/> shares one.</summary>
    public MessagePackPickleSerializer()
    {
    }

    internal static MessagePackPickleSerializer Default { get; } = new();

    /// <inheritdoc />
    public string Format => FormatName;

    /// <inheritdoc />
    public void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        var messagePackOptions = GetCallOptions(options);
        var writer = new MessagePackWriter(destination);
        using (Blit.BorrowInto(destination))
        {
            if (!typeof(T).IsValueType && value is not null && NeedsRootType(value.GetType(), options))
            {
                // Instances of user classes carry their type at the root, so that Load<object> returns them as they were.
                messagePackOptions.Resolver.GetFormatterWithVerify<object>().Serialize(ref writer, value, messagePackOptions);
            }
            else
            {
                messagePackOptions.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, value, messagePackOptions);
            }

            writer.Flush();
        }
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var messagePackOptions = GetCallOptions(options);
        var reader = new MessagePackReader(source);
        if (reader.End)
        {
            throw new PickleException("The payload is empty, but it should hold one MessagePack value. The file is damaged or was written by a faulty serializer.");
        }

        PayloadShape.Check(source, options.MaxDepth);
        return messagePackOptions.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, messagePackOptions);
    }

    /// <summary>Options for one call: the shared settings, the options' converters, and a fresh object-graph state.</summary>
    private static GraphOptions GetCallOptions(PickleOptions options)
    {
        var shared = GetOptions(options);
        ConverterResolver? converters = null;
        if (options.Converters.Count > 0)
        {
            converters = ConverterResolver.For(options.Converters, shared.Resolver);
            shared = shared.WithResolver(converters);
        }

        return new GraphOptions(shared, new GraphState(options, converters));
    }

    private static bool NeedsRootType(Type type, PickleOptions options) =>
        !type.IsValueType && Dispatcher.For(type).IsFieldMode && !options.Converters.Any(converter => converter.Type == type);

    private static MessagePackSerializerOptions GetOptions(PickleOptions options) =>
        s_optionsByDepth.GetOrAdd(options.MaxDepth, static depth =>
            MessagePackSerializerOptions.Standard
                .WithResolver(PickleResolver.Instance)
                .WithSecurity(PickleSecurity.Untrusted.WithMaximumObjectGraphDepth(depth)));
}
