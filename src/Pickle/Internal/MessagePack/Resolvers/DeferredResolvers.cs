using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// MessagePack's resolvers whose static set-up is costly, asked only for the types they can answer, so that a first
/// dump or load that needs none of them does not pay for it: MessagePack's <see cref="DynamicUnionResolver"/> compiles
/// a <see cref="System.Text.RegularExpressions.Regex"/> when its class is first touched, and
/// <see cref="ContractlessStandardResolverAllowPrivate"/> touches it (and every standard resolver) in its own. Each
/// answers exactly as the resolver it stands for: the formatters are those resolvers' own, the same instances.
/// </summary>
internal static class DeferredResolvers
{
    /// <summary>
    /// <see cref="DynamicUnionResolver"/>, which has a formatter only for a type that carries <see cref="UnionAttribute"/>
    /// (or a nullable struct that does): it is asked for those types only, and answers <see langword="null"/> for the others as it would.
    /// </summary>
    public static readonly IFormatterResolver Union = new UnionResolver();

    /// <summary>
    /// <see cref="ContractlessStandardResolverAllowPrivate"/>, whose first resolver is MessagePack's
    /// <see cref="BuiltinResolver"/> (primitives, strings, arrays and lists of them...): what that one has a formatter
    /// for is asked of it directly, every other type of the contractless resolver. DeferredResolversTests checks that
    /// the two give the same formatter for every type BuiltinResolver knows.
    /// </summary>
    public static readonly IFormatterResolver Contractless = new ContractlessResolver();

    private sealed class UnionResolver : IFormatterResolver
    {
        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            (Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T)).IsDefined(typeof(UnionAttribute), inherit: true)
                ? DynamicUnionResolver.Instance.GetFormatter<T>()
                : null;
    }

    private sealed class ContractlessResolver : IFormatterResolver
    {
        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            BuiltinResolver.Instance.GetFormatter<T>() ?? ContractlessStandardResolverAllowPrivate.Instance.GetFormatter<T>();
    }
}
