using System.Collections.ObjectModel;
using System.ComponentModel;
using System.Reflection;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The contents formatters of reference types that MessagePack would load as something close to what was dumped but
/// not the same: arrays of any rank or with lower bounds that are not 0, collections over a list of their own, string
/// builders holding lone surrogates, culture's compare rules (one per culture) and the BCL's singletons. <see cref="ObjectGraphResolver"/> asks here first, so these values also take part in shared
/// references and carry their type where another is declared.
/// </summary>
internal static class ExactFormatters
{
    /// <summary>The singletons that load as themselves: each type has one instance that matters, and no state.</summary>
    public static readonly IReadOnlyDictionary<Type, object> Singletons = new Dictionary<Type, object>
    {
        [typeof(DBNull)] = DBNull.Value,
        [typeof(Missing)] = Missing.Value,
        [typeof(EventArgs)] = EventArgs.Empty,
        [StringComparer.Ordinal.GetType()] = StringComparer.Ordinal,
        [StringComparer.OrdinalIgnoreCase.GetType()] = StringComparer.OrdinalIgnoreCase,
        [typeof(ReferenceEqualityComparer)] = ReferenceEqualityComparer.Instance,
    };

    /// <summary>
    /// The contents formatter of <paramref name="type"/>, or <see langword="null"/> if it is not one of these. Arrays
    /// of numbers are blitted before this is asked (their blit keeps the lower bounds of two dimensions and more).
    /// </summary>
    public static object? ContentOf(Type type)
    {
        if (type.IsArray && !type.IsSZArray)
        {
            return Create(typeof(BoundedArrayFormatter<,>), type, type.GetElementType()!);
        }

        if (type == typeof(System.Text.StringBuilder))
        {
            return new StringBuilderFormatter();
        }

        if (type == typeof(System.Globalization.CompareInfo))
        {
            return new CompareInfoFormatter();
        }

        if (Singletons.ContainsKey(type))
        {
            // The formatter finds its instance itself: Missing.Value, passed through reflection, means "no argument".
            return Create(typeof(SingletonFormatter<>), type);
        }

        // The wrapped lists are asked about in a method of their own, so that compiling this one does not load
        // BindingList's assembly (System.ComponentModel.TypeConverter).
        return type.IsConstructedGenericType && type.Namespace is "System.Collections.ObjectModel" or "System.ComponentModel" ? WrappedListOf(type) : null;
    }

    private static object? WrappedListOf(Type type)
    {
        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(ReadOnlyCollection<>) || definition == typeof(Collection<>) || definition == typeof(BindingList<>)
            ? Create(typeof(WrappedListFormatter<,>), type, type.GetGenericArguments()[0])
            : null;
    }

    private static object Create(Type definition, params Type[] arguments) => Activator.CreateInstance(definition.MakeGenericType(arguments))!;
}
