using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Pickle's composite resolver. Formatters that make values faithful, and check them as they load, come first
/// (DateTime with its kind, decimal with its scale, 128-bit integers, enums by their width: see
/// <see cref="FaithfulFormatterResolver"/>); <see cref="ObjectGraphResolver"/> writes classes and structs without
/// attributes; MessagePack's contractless standard resolver is asked last, for the structs its standard resolvers
/// handle (ImmutableArray, Memory...) and the few <see cref="UnsavableTypes"/> keeps, and any other struct is refused. Every member's formatter is resolved through this resolver again, so
/// the replacements apply at any depth. Formatters of reference types are wrapped in a
/// <see cref="DepthGuardFormatter{T}"/>, which turns cycles and too-deep dumps into a PickleException.
/// </summary>
internal sealed class PickleResolver : IFormatterResolver
{
    public static readonly PickleResolver Instance = new();

    private static readonly IFormatterResolver[] s_resolvers =
    [
        RefusedTypesResolver.Instance,
        FaithfulFormatterResolver.Instance,
        ObjectGraphResolver.Instance,
        BlitResolver.Instance,
        DeferredResolvers.Contractless,
    ];

    private PickleResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    /// <summary>
    /// <paramref name="resolver"/>'s formatter of <typeparamref name="T"/> (a <see cref="FormatterNotRegisteredException"/>
    /// if it has none), read straight from this resolver's cache when <paramref name="resolver"/> is this one: a call's
    /// root formatter without the cost of a generic virtual call.
    /// </summary>
    public static IMessagePackFormatter<T> FormatterOf<T>(IFormatterResolver resolver) =>
        ReferenceEquals(resolver, Instance) && Cache<T>.Formatter is { } formatter ? formatter : resolver.GetFormatterWithVerify<T>();

    /// <summary>
    /// The formatter the resolvers above give <typeparamref name="T"/>, each asked in turn: what <see cref="GetFormatter{T}"/>
    /// gives, but for the scalars <see cref="ScalarFormatter"/> answers without asking them.
    /// </summary>
    internal static IMessagePackFormatter<T>? Find<T>()
    {
        foreach (var resolver in s_resolvers)
        {
            if (resolver == DeferredResolvers.Contractless && !ObjectGraphResolver.IsStandard<T>() && !UnsavableTypes.KeepsMessagePackEncoding(typeof(T)))
            {
                // A struct that no formatter before saves whole: MessagePack's contractless resolver would save its public members only.
                return UnsavableTypes.Refuse<T>();
            }

            if (resolver.GetFormatter<T>() is { } found)
            {
                // Collections that are structs (ImmutableArray, ArraySegment, Memory) come from MessagePack's own resolver.
                var formatter = typeof(T).IsValueType && resolver == DeferredResolvers.Contractless ? CountedCollections.Wrap(found) : found;
                // The object-graph formatter guards itself; every other reference type's formatter gets the guard here.
                return DepthGuardFormatter<T>.IsNeeded && formatter is not GraphFormatter<T> ? new DepthGuardFormatter<T>(formatter) : formatter;
            }
        }

        return null;
    }

    /// <summary>
    /// The formatter <see cref="Find{T}"/> gives the scalar <paramref name="type"/>, found without asking each resolver
    /// for it, or <see langword="null"/> for a type that is not one of these scalars: asking them makes each resolver's
    /// generic cache (and the methods around it) for each value type, about twenty methods to compile per type. A
    /// primitive's formatter is MessagePack's own (no resolver before the contractless one has one, and it is no
    /// collection); a struct <see cref="FaithfulFormatterResolver"/> has a formatter of (dates and times, decimals, Guids,
    /// enums...) gets that one. Neither if <see cref="RefusedTypesResolver"/>, which comes first, refuses the type.
    /// PickleResolverTests checks the two against <see cref="Find{T}"/>.
    /// </summary>
    internal static object? ScalarFormatter(Type type) =>
        !type.IsValueType || RefusedTypesResolver.Refuses(type)
            ? null
            : DeferredResolvers.PrimitiveFormatter(type) ?? FaithfulFormatterResolver.FormatterOf(type);

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter = (IMessagePackFormatter<T>?)ScalarFormatter(typeof(T)) ?? Find<T>();
    }
}
