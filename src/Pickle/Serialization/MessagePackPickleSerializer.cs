using System.Buffers;
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

    /// <summary>
    /// The shared settings by depth limit, read and written under a lock of their own: asked for only when a call's
    /// depth differs from the last one's, so a plain dictionary serves, whose code a first use need not compile.
    /// </summary>
    private static readonly Dictionary<int, MessagePackSerializerOptions> s_optionsByDepth = [];

    private static DepthOptions? s_lastOptions;

    /// <summary>Creates the serializer. Instances hold no state; <see cref="PickleOptions.Default"/> shares one.</summary>
    public MessagePackPickleSerializer()
    {
    }

    internal static MessagePackPickleSerializer Default { get; } = new();

    /// <inheritdoc />
    public string Format => FormatName;

    /// <inheritdoc />
    /// <remarks>The payload starts with the value's root type (FORMAT.md, "The root type"), which a load checks.</remarks>
    public void Serialize<T>(IBufferWriter<byte> destination, T value, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(options);
        var messagePackOptions = GetCallOptions(options, destination as SegmentedBuffer, verifier: null);
        try
        {
            var writer = new MessagePackWriter(destination);
            if (RootType.Write(ref writer, value, messagePackOptions.State) is { } runtime)
            {
                Dispatcher.For(runtime).SerializeWhole(ref writer, value!, messagePackOptions);
            }
            else
            {
                PickleResolver.FormatterOf<T>(messagePackOptions.Resolver).Serialize(ref writer, value, messagePackOptions);
            }

            writer.Flush();
        }
        finally
        {
            // Returning the options empties their state, and the table of written objects goes back to its pool.
            messagePackOptions.Return();
        }
    }

    /// <inheritdoc />
    /// <remarks>Reads a payload as <see cref="Serialize{T}"/> writes it: its root type first, checked against <typeparamref name="T"/>.</remarks>
    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Deserialize<T>(source, GetCallOptions(options, borrowingBuffer: null, verifier: null), options.MaxDepth, RootTyped(FrameHeader.CurrentVersion));
    }

    /// <summary>Reads a large payload from its stream: a root that is one large blit straight into its storage, any other with its large blits straight into their arrays.</summary>
    async ValueTask<T> IStreamingPickleSerializer.ReadAsync<T>(StreamedPayload payload, PickleOptions options, bool useAsync, CancellationToken cancellationToken)
    {
        var callResolver = GetOptions(options, out _).Resolver;
        var rootTyped = RootTyped(payload.Header.Version);
        var prefix = ReadOnlyMemory<byte>.Empty;

        // Only where the formatter that reads a T is the blit formatter itself (no converter stands in for it) may the
        // blit be read without it: the result is then the same by construction. The payload must start with T's own
        // root type, so that the check of the root type is the same too.
        if (BitConverter.IsLittleEndian
            && BlitRoot.For<T>() is { } root
            && ReferenceEquals(callResolver.GetFormatter<T>(), PickleResolver.Instance.GetFormatter<T>()))
        {
            var rootType = rootTyped ? RootType.BytesOf(typeof(T)) : [];
            if (payload.Length >= rootType.Length + root.PrefixLength)
            {
                var start = new byte[rootType.Length + root.PrefixLength];
                var got = await StreamBytes.ReadAtLeastAsync(payload.Stream, start, useAsync, cancellationToken).ConfigureAwait(false);
                if (got < start.Length)
                {
                    throw payload.Truncated(got);
                }

                if (start.AsSpan().StartsWith(rootType) && root.Create(start.AsSpan(rootType.Length), payload.Length - rootType.Length) is { } destination)
                {
                    return (T)await BlitRootReader.ReadAsync(payload, start, destination, useAsync, cancellationToken).ConfigureAwait(false);
                }

                prefix = start;
            }
        }

        using var hasher = payload.StartHash(useAsync, bytesStay: true);
        using var buffer = await ScatteredPayload.ReadAsync(payload.Stream, payload.Header, prefix, hasher, useAsync, cancellationToken).ConfigureAwait(false);
        await payload.VerifyAsync(hasher, useAsync, cancellationToken).ConfigureAwait(false);
        return Deserialize<T>(buffer.AsSequence(), GetCallOptions(options, borrowingBuffer: null, verifier: null, payload.Header.Version), options.MaxDepth, rootTyped);
    }

    /// <summary>Reads a payload in memory of a frame of <paramref name="version"/>, whose large blits <paramref name="verifier"/>, if any, hashes as they are copied.</summary>
    T IStreamingPickleSerializer.Deserialize<T>(ReadOnlySequence<byte> payload, byte version, PayloadVerifier? verifier, PickleOptions options) =>
        Deserialize<T>(payload, GetCallOptions(options, borrowingBuffer: null, verifier, version), options.MaxDepth, RootTyped(version));

    /// <summary>Whether a payload of a frame of <paramref name="version"/> starts with its root type: from version 2 on.</summary>
    private static bool RootTyped(byte version) => version >= 2;

    /// <summary>Whether a payload of a frame of <paramref name="version"/> numbers its objects in order rather than giving ids in their headers: from version 3 on.</summary>
    private static bool NumbersObjects(byte version) => version >= 3;

    /// <summary>Whether a payload of a frame of <paramref name="version"/> may write a list's field keys once, in its first record (FORMAT.md, "Lists of records"): from version 5 on.</summary>
    private static bool WritesKeysOnce(byte version) => version >= 5;

    private static T Deserialize<T>(ReadOnlySequence<byte> source, GraphOptions messagePackOptions, int maxDepth, bool rootTyped)
    {
        if (source.IsEmpty)
        {
            messagePackOptions.Return();
            throw new PickleException("The payload is empty, but it should hold a value. The file is damaged or was written by a faulty serializer.");
        }

        try
        {
            messagePackOptions.State.StartBudget(source.Length);
            var value = source;
            var readAs = rootTyped ? RootType.Read<T>(ref value, messagePackOptions.State) : null;
            PayloadShape.Check(value, maxDepth);
            var reader = new MessagePackReader(value);
            var loaded = readAs is null
                ? PickleResolver.FormatterOf<T>(messagePackOptions.Resolver).Deserialize(ref reader, messagePackOptions)
                : (T)Dispatcher.For(readAs).DeserializeWhole(ref reader, messagePackOptions)!;

            // IDeserializationCallback runs once the whole graph is loaded, as .NET's formatters ran it.
            messagePackOptions.State.EndLoad();
            return loaded;
        }
        catch (EndOfStreamException e)
        {
            // The payload is in memory: a value cut short is about the content, not a stream.
            throw new MessagePackSerializationException("The payload ends in the middle of a value.", e);
        }
        finally
        {
            messagePackOptions.Return();
        }
    }

    /// <summary>
    /// Options for one call on a payload of a frame of <paramref name="version"/>: the shared settings, the options'
    /// converters, and a state as new (<see cref="GraphOptions.Rent"/>); the caller gives them back when the call ends.
    /// </summary>
    internal static GraphOptions GetCallOptions(PickleOptions options, SegmentedBuffer? borrowingBuffer, PayloadVerifier? verifier, byte version = FrameHeader.CurrentVersion)
    {
        var shared = GetOptions(options, out var converters);
        return GraphOptions.Rent(shared, options, converters, borrowingBuffer, verifier, NumbersObjects(version), WritesKeysOnce(version));
    }

    /// <summary>The shared settings of a depth limit, made once; the last ones asked for are kept at hand.</summary>
    private static MessagePackSerializerOptions SharedFor(int depth)
    {
        MessagePackSerializerOptions? shared;
        lock (s_optionsByDepth)
        {
            if (!s_optionsByDepth.TryGetValue(depth, out shared))
            {
                shared = new MessagePackSerializerOptions(PickleResolver.Instance)
                    .WithSecurity(PickleSecurity.Untrusted.WithMaximumObjectGraphDepth(depth));
                s_optionsByDepth.Add(depth, shared);
            }
        }

        s_lastOptions = new DepthOptions(depth, shared);
        return shared;
    }

    /// <summary>The shared settings of <paramref name="options"/>, with their converters if they have any.</summary>
    private static MessagePackSerializerOptions GetOptions(PickleOptions options, out ConverterResolver? converters)
    {
        var last = s_lastOptions;
        var shared = last?.Depth == options.MaxDepth ? last.Options : SharedFor(options.MaxDepth);
        converters = null;
        if (options.Converters.Count > 0)
        {
            converters = ConverterResolver.For(options.Converters, shared.Resolver);
            shared = shared.WithResolver(converters);
        }

        return shared;
    }

    /// <summary>The shared settings of one depth limit.</summary>
    private sealed record DepthOptions(int Depth, MessagePackSerializerOptions Options);
}
