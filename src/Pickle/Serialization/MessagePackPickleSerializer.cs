using System.Buffers;
using System.Collections.Concurrent;
using MessagePack;
using Pickling.Internal;
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
public sealed class MessagePackPickleSerializer : IPickleSerializer, IStreamingPickleSerializer
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
        var messagePackOptions = GetCallOptions(options, destination as SegmentedBuffer, verifier: null);
        var writer = new MessagePackWriter(destination);
        if (!typeof(T).IsValueType && value is not null && NeedsRootType(value.GetType(), options))
        {
            // Instances of user classes carry their type at the root, so that Load<object> returns them as they were.
            messagePackOptions.State.DumpRoot = (value, typeof(T));
            messagePackOptions.Resolver.GetFormatterWithVerify<object>().Serialize(ref writer, value, messagePackOptions);
        }
        else
        {
            messagePackOptions.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, value, messagePackOptions);
        }

        writer.Flush();
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Deserialize<T>(source, GetCallOptions(options, borrowingBuffer: null, verifier: null), options.MaxDepth);
    }

    /// <summary>Reads a large payload from its stream: a root that is one large blit straight into its storage, any other with its large blits straight into their arrays.</summary>
    async ValueTask<T> IStreamingPickleSerializer.ReadAsync<T>(StreamedPayload payload, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        var callOptions = GetCallOptions(options, borrowingBuffer: null, verifier: null);
        var prefix = ReadOnlyMemory<byte>.Empty;

        // Only where the formatter that reads a T is the blit formatter itself (no converter stands in for it) may the
        // blit be read without it: the result is then the same by construction.
        if (BitConverter.IsLittleEndian
            && BlitRoot.For<T>() is { } root
            && ReferenceEquals(callOptions.Resolver.GetFormatter<T>(), PickleResolver.Instance.GetFormatter<T>())
            && payload.Length >= root.PrefixLength)
        {
            var start = new byte[root.PrefixLength];
            var got = await StreamBytes.ReadAtLeastAsync(payload.Stream, start, useAsync, cancellationToken).ConfigureAwait(false);
            if (got < start.Length)
            {
                throw payload.Truncated(got);
            }

            if (root.Create(start, payload.Length) is { } destination)
            {
                return (T)await BlitRootReader.ReadAsync(payload, start, destination, useAsync, cancellationToken).ConfigureAwait(false);
            }

            prefix = start;
        }

        using var hasher = payload.StartHash(useAsync, bytesStay: true);
        using var buffer = await ScatteredPayload.ReadAsync(payload.Stream, payload.Header, prefix, hasher, useAsync, cancellationToken).ConfigureAwait(false);
        await payload.VerifyAsync(hasher, useAsync, cancellationToken).ConfigureAwait(false);
        return Deserialize<T>(buffer.AsSequence(), callOptions, options.MaxDepth);
    }

    /// <summary>Reads a payload in memory whose large blits are hashed by <paramref name="verifier"/> as they are copied.</summary>
    T IStreamingPickleSerializer.DeserializeVerifying<T>(ReadOnlySequence<byte> payload, PayloadVerifier verifier, PickleOptions options) =>
        Deserialize<T>(payload, GetCallOptions(options, borrowingBuffer: null, verifier), options.MaxDepth);

    private static T Deserialize<T>(ReadOnlySequence<byte> source, GraphOptions messagePackOptions, int maxDepth)
    {
        var reader = new MessagePackReader(source);
        if (reader.End)
        {
            throw new PickleException("The payload is empty, but it should hold one MessagePack value. The file is damaged or was written by a faulty serializer.");
        }

        PayloadShape.Check(source, maxDepth);
        try
        {
            return messagePackOptions.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, messagePackOptions);
        }
        catch (EndOfStreamException e)
        {
            // The payload is in memory: a value cut short is about the content, not a stream.
            throw new MessagePackSerializationException("The payload ends in the middle of a value.", e);
        }
    }

    /// <summary>Options for one call: the shared settings, the options' converters, and a fresh object-graph state.</summary>
    private static GraphOptions GetCallOptions(PickleOptions options, SegmentedBuffer? borrowingBuffer, PayloadVerifier? verifier)
    {
        var shared = GetOptions(options);
        ConverterResolver? converters = null;
        if (options.Converters.Count > 0)
        {
            converters = ConverterResolver.For(options.Converters, shared.Resolver);
            shared = shared.WithResolver(converters);
        }

        return new GraphOptions(shared, new GraphState(options, converters) { BorrowingBuffer = borrowingBuffer, Verifier = verifier });
    }

    private static bool NeedsRootType(Type type, PickleOptions options) =>
        !type.IsValueType && Dispatcher.For(type).IsFieldMode && !options.Converters.Any(converter => converter.Type == type);

    private static MessagePackSerializerOptions GetOptions(PickleOptions options) =>
        s_optionsByDepth.GetOrAdd(options.MaxDepth, static depth =>
            MessagePackSerializerOptions.Standard
                .WithResolver(PickleResolver.Instance)
                .WithSecurity(PickleSecurity.Untrusted.WithMaximumObjectGraphDepth(depth)));
}
