using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Refuses, in both directions, the types a pickle must never hold, wherever they are declared: a member's type, an
/// element type, a generic argument, the root.
/// <see cref="Type"/> values, because MessagePack would write a type's name and, on load, resolve any name found in
/// the file (loading its assembly), which breaks the promise that a file never makes Pickle load a type by name.
/// Types that are or hold a gadget type (<see cref="TypePolicy.GadgetIn"/>), because loading one would create it and
/// fill it from the file; a null one is written and read as nil, since it creates nothing.
/// Types Pickle cannot load as they were dumped (<see cref="Unrebuildable"/>), so that no dump writes what no load reads.
/// </summary>
internal sealed class RefusedTypesResolver : IFormatterResolver
{
    public static readonly RefusedTypesResolver Instance = new();

    private RefusedTypesResolver()
    {
    }

    public IMessagePackFormatter<T>? GetFormatter<T>() => Cache<T>.Formatter;

    /// <summary>True if this resolver refuses <paramref name="type"/>, that is, has a formatter of it.</summary>
    public static bool Refuses(Type type) =>
        typeof(Type).IsAssignableFrom(type) || TypePolicy.GadgetIn(type) is not null || Unrebuildable(type) is not null;

    private static class Cache<T>
    {
        public static readonly IMessagePackFormatter<T>? Formatter =
            typeof(Type).IsAssignableFrom(typeof(T)) ? RefusedTypeFormatter<T>.Instance
            : TypePolicy.GadgetIn(typeof(T)) is not null ? GadgetFormatter<T>.Instance
            : Unrebuildable(typeof(T)) is { } reason ? new RefusedTypeFormatter<T>(reason)
            : null;
    }

    /// <summary>
    /// Why values of <paramref name="type"/> cannot be loaded as they were dumped, or <see langword="null"/>: each was
    /// found by dumping and loading a broad set of .NET types (DumpLoadSymmetryTests).
    /// </summary>
    private static string? Unrebuildable(Type type) =>
        type == typeof(System.Text.EncoderFallbackException) || type == typeof(System.Text.DecoderFallbackException)
            ? $"Pickle does not save or load a {TypeNames.Of(type)}: it is rebuilt through its constructor, which refuses the values an exception made without them holds. " +
              "Keep its Message (and what else you need of it) in members of safe types instead."
            : type == typeof(WeakReference) || (type.IsConstructedGenericType && type.GetGenericTypeDefinition() == typeof(WeakReference<>))
                ? $"Pickle does not save or load a {TypeNames.Of(type)}: the object it refers to is not its to keep, so it would load referring to nothing. " +
                  "Keep the object itself in a member, or leave the member out with [PickleIgnore] or [NonSerialized]."
                : null;

    private sealed class RefusedTypeFormatter<T>(string reason) : IMessagePackFormatter<T>
    {
        public static readonly RefusedTypeFormatter<T> Instance = new(
            "Pickle does not save or load System.Type values: loading one would resolve a type named in the file, and load its assembly. " +
            "Store the type's name as a string instead, and map it back only to the types you allow.");

        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) => throw new PickleException(reason);

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => throw new PickleException(reason);
    }

    private sealed class GadgetFormatter<T> : IMessagePackFormatter<T>
    {
        public static readonly GadgetFormatter<T> Instance = new();

        /// <summary>True if <typeparamref name="T"/> has a null (a class or a nullable struct), which nil stands for.</summary>
        private static readonly bool HasNull = default(T) is null;

        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
        {
            if (HasNull && value is null)
            {
                writer.WriteNil();
                return;
            }

            throw TypePolicy.GadgetError(typeof(T));
        }

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            if (HasNull && reader.TryReadNil())
            {
                return default!;
            }

            throw TypePolicy.GadgetError(typeof(T));
        }
    }
}
