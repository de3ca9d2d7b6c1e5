using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal;

/// <summary>
/// The guards of the MessagePack path, applied to the System.Text.Json settings of <see cref="SystemTextJsonPickleSerializer"/>:
/// dictionaries and sets are created with Pickle's collision-resistant comparers (<see cref="KeyComparers"/>; the
/// read-only interfaces through <see cref="ReadOnlyHashedJsonConverter"/>), and gadget types are refused where a type
/// declares them (<see cref="GadgetJsonConverter"/>, as <see cref="TypePolicy"/> decides).
/// </summary>
internal static class JsonSecurity
{
    private static readonly ConcurrentDictionary<Type, Func<object>?> Creators = new();

    private static readonly MethodInfo DictionaryMethod = typeof(JsonSecurity).GetMethod(nameof(NewDictionary), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo ConcurrentMethod = typeof(JsonSecurity).GetMethod(nameof(NewConcurrentDictionary), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo SetMethod = typeof(JsonSecurity).GetMethod(nameof(NewSet), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Adds the guards to <paramref name="settings"/>, which must still be writable.</summary>
    public static void Apply(JsonSerializerOptions settings)
    {
        settings.Converters.Insert(0, GadgetJsonConverter.Instance);
        settings.Converters.Insert(1, ReadOnlyHashedJsonConverter.Instance);
        settings.TypeInfoResolver = (settings.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(UseKeyComparers);
    }

    /// <summary>Makes a hashed dictionary or set, or an interface that loads as one, be created with Pickle's comparer of its keys.</summary>
    private static void UseKeyComparers(JsonTypeInfo info)
    {
        if (info.Kind is JsonTypeInfoKind.Dictionary or JsonTypeInfoKind.Enumerable && Creators.GetOrAdd(info.Type, CreatorOf) is { } create)
        {
            info.CreateObject = create;
        }
    }

    private static Func<object>? CreatorOf(Type type)
    {
        if (!type.IsConstructedGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var arguments = type.GetGenericArguments();
        var method =
            definition == typeof(Dictionary<,>) || definition == typeof(IDictionary<,>) ? DictionaryMethod
            : definition == typeof(ConcurrentDictionary<,>) ? ConcurrentMethod
            : definition == typeof(HashSet<>) || definition == typeof(ISet<>) ? SetMethod
            : null;
        return method is null ? null : (Func<object>)method.MakeGenericMethod(arguments).Invoke(null, null)!;
    }

    private static Func<object> NewDictionary<TKey, TValue>()
        where TKey : notnull =>
        static () => new Dictionary<TKey, TValue>(KeyComparers.For<TKey>());

    private static Func<object> NewConcurrentDictionary<TKey, TValue>()
        where TKey : notnull =>
        static () => new ConcurrentDictionary<TKey, TValue>(KeyComparers.For<TKey>());

    private static Func<object> NewSet<T>() => static () => new HashSet<T>(KeyComparers.For<T>());
}
