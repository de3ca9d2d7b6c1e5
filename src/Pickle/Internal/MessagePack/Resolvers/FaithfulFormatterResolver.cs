using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>Formatters for types MessagePack-CSharp does not handle, or does not handle exactly.</summary>
internal sealed class FaithfulFormatterResolver : IFormatterResolver
{
    public static readonly FaithfulFormatterResolver Instance = new();

    private static readonly Dictionary<Type, object> s_formatters = new()
    {
        [typeof(Int128)] = Int128Formatter.Instance,
        [typeof(Int128?)] = new StaticNullableFormatter<Int128>(Int128Formatter.Instance),
        [typeof(UInt128)] = UInt128Formatter.Instance,
        [typeof(UInt128?)] = new StaticNullableFormatter<UInt128>(UInt128Formatter.Instance),
        [typeof(nint)] = NIntFormatter.Instance,
        [typeof(nint?)] = new StaticNullableFormatter<nint>(NIntFormatter.Instance),
        [typeof(nuint)] = NUIntFormatter.Instance,
        [typeof(nuint?)] = new StaticNullableFormatter<nuint>(NUIntFormatter.Instance),
    };

    private FaithfulFormatterResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() =>
        s_formatters.TryGetValue(typeof(T), out var formatter) ? (IMessagePackFormatter<T>)formatter : null;
}
