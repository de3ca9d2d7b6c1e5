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
/// payload's shape before building anything (so declared lengths cannot drive allocation), and never load a type
/// named in the payload. Dumps stop at the same depth limit and report cycles. The encoding of each type is
/// documented in FORMAT.md.
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
        var messagePackOptions = GetOptions(options);
        var writer = new MessagePackWriter(destination);
        using (Blit.BorrowInto(destination))
        {
            messagePackOptions.Resolver.GetFormatterWithVerify<T>().Serialize(ref writer, value, messagePackOptions);
            writer.Flush();
        }
    }

    /// <inheritdoc />
    public T Deserialize<T>(ReadOnlySequence<byte> source, PickleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var messagePackOptions = GetOptions(options);
        var reader = new MessagePackReader(source);
        if (reader.End)
        {
            throw new PickleException("The payload is empty, but it should hold one MessagePack value. The file is damaged or was written by a faulty serializer.");
        }

        PayloadShape.Check(source, options.MaxDepth);
        return messagePackOptions.Resolver.GetFormatterWithVerify<T>().Deserialize(ref reader, messagePackOptions);
    }

    private static MessagePackSerializerOptions GetOptions(PickleOptions options) =>
        s_optionsByDepth.GetOrAdd(options.MaxDepth, static depth =>
            MessagePackSerializerOptions.Standard
                .WithResolver(PickleResolver.Instance)
                .WithSecurity(PickleSecurity.Untrusted.WithMaximumObjectGraphDepth(depth)));
}
