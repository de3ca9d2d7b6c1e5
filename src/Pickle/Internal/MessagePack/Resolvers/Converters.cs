using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>A converter made from a user's MessagePack formatter.</summary>
internal sealed class FormatterConverter<T>(IMessagePackFormatter<T> formatter) : PickleConverter
{
    public override Type Type => typeof(T);

    internal override IMessagePackFormatter CreateFormatter() => formatter;
}

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

/// <summary>
/// Puts the converters of one <see cref="PickleOptions"/> in front of Pickle's resolver. Built once per options
/// instance and cached with it.
/// </summary>
internal sealed class ConverterResolver : IFormatterResolver
{
    private static readonly ConditionalWeakTable<IReadOnlyList<PickleConverter>, ConverterResolver> Resolvers = [];

    private readonly Dictionary<Type, IMessagePackFormatter> _formatters = [];
    private readonly IFormatterResolver _next;

    private ConverterResolver(IReadOnlyList<PickleConverter> converters, IFormatterResolver next)
    {
        _next = next;
        foreach (var converter in converters)
        {
            _formatters[converter.Type] = converter.CreateFormatter();
        }
    }

    public static ConverterResolver For(IReadOnlyList<PickleConverter> converters, IFormatterResolver next) =>
        Resolvers.GetValue(converters, list => new ConverterResolver(list, next));

    public IMessagePackFormatter<T>? GetFormatter<T>() =>
        _formatters.TryGetValue(typeof(T), out var formatter) ? (IMessagePackFormatter<T>)formatter : _next.GetFormatter<T>();

    /// <summary>The user's converter for <typeparamref name="T"/>, if any.</summary>
    public IMessagePackFormatter<T>? Find<T>() =>
        _formatters.TryGetValue(typeof(T), out var formatter) ? (IMessagePackFormatter<T>)formatter : null;
}
