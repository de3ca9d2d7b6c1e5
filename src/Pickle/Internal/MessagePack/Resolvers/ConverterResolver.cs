using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

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
