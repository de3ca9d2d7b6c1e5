using System.Collections;
using MessagePack;
using MessagePack.Formatters;
using MessagePack.ImmutableCollection;
using MessagePack.Resolvers;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// MessagePack's resolvers whose static set-up is costly, asked only for the types they can answer, so that a first
/// dump or load that needs none of them does not pay for it: MessagePack's <see cref="DynamicUnionResolver"/> compiles
/// a <see cref="System.Text.RegularExpressions.Regex"/> when its class is first touched,
/// <see cref="ContractlessStandardResolverAllowPrivate"/> touches it (and every standard resolver) in its own,
/// <see cref="BuiltinResolver"/> makes its whole table (about a hundred formatters, each a class of its own to load and
/// set up) when it is first asked about any type, and <see cref="DynamicGenericResolver"/> and
/// <see cref="ImmutableCollectionResolver"/> compile a method naming every collection they know (which loads the
/// assemblies those live in: System.Linq, System.ObjectModel, System.Collections.Immutable...). Each answers exactly
/// as the resolver it stands for: the formatters are those resolvers' own, the same instances.
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

    /// <summary>
    /// <see cref="BuiltinResolver"/>: a primitive's formatter is read from MessagePack's formatter class itself (the
    /// instance BuiltinResolver's table holds), a type that cannot be in the table (see <see cref="MayBeBuiltin"/>)
    /// gets <see langword="null"/> as BuiltinResolver would give it, and only the others are asked of BuiltinResolver.
    /// </summary>
    public static readonly IFormatterResolver Builtin = new BuiltinStandIn();

    /// <summary>
    /// <see cref="DynamicGenericResolver"/>, which has formatters of arrays, generic types, enums and collections (types
    /// that are <see cref="IEnumerable"/>, which every collection interface it looks for extends): it is asked for
    /// those only, and answers <see langword="null"/> for the others as it would.
    /// </summary>
    public static readonly IFormatterResolver Generic = new GenericResolver();

    /// <summary>
    /// <see cref="ImmutableCollectionResolver"/>, which has formatters of constructed generic types only (the immutable
    /// collections, their interfaces, and a nullable <c>ImmutableArray</c>): it is asked for those only.
    /// </summary>
    public static readonly IFormatterResolver Immutable = new ImmutableResolver();

    /// <summary>
    /// MessagePack's formatter of the primitive <paramref name="type"/> (the numbers, <see cref="bool"/> and
    /// <see cref="char"/>), the instance <see cref="BuiltinResolver"/> gives, or <see langword="null"/> for any other type.
    /// </summary>
    public static object? PrimitiveFormatter(Type type) =>
        !type.IsPrimitive ? null
        : type == typeof(int) ? Int32Formatter.Instance
        : type == typeof(long) ? Int64Formatter.Instance
        : type == typeof(bool) ? BooleanFormatter.Instance
        : type == typeof(double) ? DoubleFormatter.Instance
        : type == typeof(float) ? SingleFormatter.Instance
        : type == typeof(byte) ? ByteFormatter.Instance
        : type == typeof(short) ? Int16Formatter.Instance
        : type == typeof(uint) ? UInt32Formatter.Instance
        : type == typeof(ulong) ? UInt64Formatter.Instance
        : type == typeof(ushort) ? UInt16Formatter.Instance
        : type == typeof(sbyte) ? SByteFormatter.Instance
        : type == typeof(char) ? CharFormatter.Instance
        : null;

    /// <summary>
    /// False if <see cref="BuiltinResolver"/> has no formatter of <paramref name="type"/>: every type in its table is
    /// in a <c>System</c> namespace (or is MessagePack's <see cref="Nil"/>), and it makes one beyond its table only for
    /// <see cref="Type"/> and the types that derive from it. DeferredResolversTests checks the table against this.
    /// </summary>
    public static bool MayBeBuiltin(Type type) =>
        type.Namespace is { } name && (name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("MessagePack", StringComparison.Ordinal))
        || typeof(Type).IsAssignableFrom(type);

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
            Builtin.GetFormatter<T>() ?? ContractlessStandardResolverAllowPrivate.Instance.GetFormatter<T>();
    }

    private sealed class GenericResolver : IFormatterResolver
    {
        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            typeof(T).IsArray || typeof(T).IsGenericType || typeof(T).IsEnum || typeof(IEnumerable).IsAssignableFrom(typeof(T))
                ? DynamicGenericResolver.Instance.GetFormatter<T>()
                : null;
    }

    private sealed class ImmutableResolver : IFormatterResolver
    {
        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            typeof(T).IsConstructedGenericType ? ImmutableCollectionResolver.Instance.GetFormatter<T>() : null;
    }

    private sealed class BuiltinStandIn : IFormatterResolver
    {
        public IMessagePackFormatter<T>? GetFormatter<T>() =>
            PrimitiveFormatter(typeof(T)) is { } primitive ? (IMessagePackFormatter<T>)primitive
            : MayBeBuiltin(typeof(T)) ? BuiltinResolver.Instance.GetFormatter<T>()
            : null;
    }
}
