using MessagePack;
using MessagePack.Formatters;
using MessagePack.Resolvers;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Pickle's object-graph layer, placed in <see cref="PickleResolver"/> just before MessagePack's contractless
/// resolver. Classes and structs without MessagePack attributes are written field by field
/// (<see cref="FieldFormatter{T}"/>), or through their entries if they implement ISerializable
/// (<see cref="SerializableFormatter{T}"/>), after every dedicated formatter, so that those keep their encoding; a
/// type neither saves whole is refused (<see cref="UnsavableTypes"/>). Every reference type, <see cref="object"/>, abstract and interface types
/// get a <see cref="GraphFormatter{T}"/> for concrete types and shared references. Types MessagePack handles itself
/// (primitives, strings, collections, attributed types) keep MessagePack's encoding.
/// </summary>
internal sealed class ObjectGraphResolver : IFormatterResolver
{
    public static readonly ObjectGraphResolver Instance = new();

    private static readonly IFormatterResolver[] StandardResolvers =
    [
        DeferredResolvers.Builtin,
        AttributeFormatterResolver.Instance,
        DynamicEnumResolver.Instance,
        DeferredResolvers.Immutable,
        DeferredResolvers.Generic,
        DeferredResolvers.Union,
    ];

    private ObjectGraphResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    /// <summary>The formatter of a <typeparamref name="T"/>'s contents, without header, if this resolver handles the type.</summary>
    public static IMessagePackFormatter<T>? ContentOf<T>() => Cache<T>.Content;

    /// <summary>True if one of MessagePack's standard resolvers (not its contractless one) has a formatter of <typeparamref name="T"/>.</summary>
    public static bool IsStandard<T>() => Standard<T>() is not null;

    private static IMessagePackFormatter<T>? Standard<T>()
    {
        foreach (var resolver in StandardResolvers)
        {
            try
            {
                if (resolver.GetFormatter<T>() is { } formatter)
                {
                    return formatter;
                }
            }
            catch (TypeInitializationException)
            {
                // The resolver cannot build a formatter for this type; the next one may.
            }
        }

        return null;
    }

    private static IMessagePackFormatter<T>? Contractless<T>()
    {
        try
        {
            return ContractlessStandardResolverAllowPrivate.Instance.GetFormatter<T>();
        }
        catch (TypeInitializationException)
        {
            return null;
        }
    }

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Content = CreateContent();
        public static readonly IMessagePackFormatter<T>? Formatter = typeof(T).IsValueType
            ? Content
            : typeof(T) == typeof(string) ? null : new GraphFormatter<T>(Content);

        private static IMessagePackFormatter<T>? CreateContent()
        {
            var type = typeof(T);
            if (type.IsValueType)
            {
                if (Standard<T>() is not null || FaithfulFormatterResolver.Instance.GetFormatter<T>() is not null)
                {
                    return null;
                }

                if (SerializableModel.IsSaved(type))
                {
                    return SerializableModel.WhyNotSaved(type) is null ? SerializableFormatter<T>.Instance : UnsavableTypes.Refuse<T>();
                }

                return FieldModel.IsEligible(type) ? FieldFormatter<T>.Instance : null;
            }

            if (type == typeof(string))
            {
                return null;
            }

            if (type == typeof(object))
            {
                return (IMessagePackFormatter<T>)(object)PlainObjectFormatter.Instance;
            }

            if (typeof(Delegate).IsAssignableFrom(type))
            {
                return null;
            }

            // Arrays and lists of primitives keep their one-block encoding, and still take part in shared references.
            if (BlitResolver.Instance.GetFormatter<T>() is { } blit)
            {
                return blit;
            }

            // Arrays of any rank or lower bounds, collections over lists of their own and singletons keep what they are.
            if (ExactFormatters.ContentOf(type) is { } exact)
            {
                return (IMessagePackFormatter<T>)exact;
            }

            if (type.IsSZArray && !type.GetElementType()!.IsPrimitive)
            {
                return CountedCollections.Wrap(Create(typeof(GraphArrayFormatter<>), type.GetElementType()!));
            }

            if (type.IsConstructedGenericType && EntryCollections.KeyedFormatterOf(type.GetGenericTypeDefinition()) is { } keyed)
            {
                return CountedCollections.Wrap(Create(keyed, type.GetGenericArguments()));
            }

            if (EntryCollections.NonGenericDictionaryFormatterOf(type) is { } nonGeneric)
            {
                return CountedCollections.Wrap((IMessagePackFormatter<T>)Activator.CreateInstance(nonGeneric)!);
            }

            if (type.IsConstructedGenericType && !type.GetGenericArguments()[0].IsPrimitive && type.GetGenericTypeDefinition() == typeof(List<>))
            {
                return CountedCollections.Wrap(Create(typeof(GraphListFormatter<>), type.GetGenericArguments()));
            }

            var standard = Standard<T>();
            if (standard is not null)
            {
                return CountedCollections.Wrap(standard);
            }

            if (type.IsAbstract || type.IsInterface)
            {
                return null;
            }

            // What no formatter above writes: ISerializable types through their entries (exceptions are not among them,
            // see ExceptionFields), other types field by field, and what neither saves whole is refused.
            if (SerializableModel.IsSaved(type))
            {
                return SerializableModel.WhyNotSaved(type) is null ? SerializableFormatter<T>.Instance : UnsavableTypes.Refuse<T>();
            }

            if (FieldModel.IsEligible(type))
            {
                return FieldFormatter<T>.Instance;
            }

            return UnsavableTypes.KeepsMessagePackEncoding(type) ? Contractless<T>() : UnsavableTypes.Refuse<T>();
        }

        private static IMessagePackFormatter<T> Create(Type definition, params Type[] arguments) =>
            (IMessagePackFormatter<T>)Activator.CreateInstance(definition.MakeGenericType(arguments))!;
    }
}
