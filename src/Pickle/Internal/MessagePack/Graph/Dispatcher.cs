using System.Collections.Concurrent;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>Calls the formatter of a type known only at run time; one cached instance per type.</summary>
internal abstract class Dispatcher
{
    private static readonly ConcurrentDictionary<Type, Dispatcher> Dispatchers = new();

    public static Dispatcher For(Type type) =>
        Dispatchers.GetOrAdd(type, static t => (Dispatcher)Activator.CreateInstance(typeof(Dispatcher<>).MakeGenericType(t))!);

    /// <summary>True if the type is dumped field by field (a user class or struct).</summary>
    public abstract bool IsFieldMode { get; }

    public abstract void Serialize(ref MessagePackWriter writer, object value, MessagePackSerializerOptions options);

    public abstract object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options);

    /// <summary>Writes a whole value (header and all) with the options' formatter of the type: a payload's root written as its own type.</summary>
    public abstract void SerializeWhole(ref MessagePackWriter writer, object value, MessagePackSerializerOptions options);

    /// <summary>Reads a whole value (header and all) with the options' formatter of the type: a payload's root read as its own type.</summary>
    public abstract object? DeserializeWhole(ref MessagePackReader reader, MessagePackSerializerOptions options);
}

internal sealed class Dispatcher<T> : Dispatcher
{
    public override bool IsFieldMode => ObjectGraphResolver.ContentOf<T>() is FieldFormatter<T>;

    public override void Serialize(ref MessagePackWriter writer, object value, MessagePackSerializerOptions options) =>
        Formatter(options).Serialize(ref writer, (T)value, options);

    public override object? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        Formatter(options).Deserialize(ref reader, options);

    public override void SerializeWhole(ref MessagePackWriter writer, object value, MessagePackSerializerOptions options) =>
        PickleResolver.FormatterOf<T>(options.Resolver).Serialize(ref writer, (T)value, options);

    public override object? DeserializeWhole(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
        PickleResolver.FormatterOf<T>(options.Resolver).Deserialize(ref reader, options);

    /// <summary>
    /// The user's converter, else the refusal of a type no pickle may hold (a gadget where <see cref="object"/> was
    /// declared), else the contents formatter (the header is already written or read), else whatever the options'
    /// resolver has.
    /// </summary>
    private static IMessagePackFormatter<T> Formatter(MessagePackSerializerOptions options) =>
        GraphOptions.StateOf(options)?.ConverterFor<T>() ?? RefusedTypesResolver.Instance.GetFormatter<T>() ?? ObjectGraphResolver.ContentOf<T>() ?? PickleResolver.FormatterOf<T>(options.Resolver);
}
