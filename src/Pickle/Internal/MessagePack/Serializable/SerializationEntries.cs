using System.Runtime.Serialization;
using MessagePack;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The entries of a <see cref="SerializationInfo"/> as Pickle writes them: a map from each entry's name to its value,
/// written as an <see cref="object"/> (so with its run-time type, and loaded under the options' allow rules as every
/// named type is). The count of a map being loaded is charged to the load's <see cref="AllocationBudget"/>.
/// </summary>
internal static class SerializationEntries
{
    /// <summary>What one entry of a SerializationInfo holds besides its value: its name, type and slot.</summary>
    public const int BytesPerEntry = 48;

    /// <summary>The converter of every SerializationInfo Pickle makes: the one .NET's formatters used, which converts values through IConvertible as a deserialization constructor's GetInt32 and friends expect.</summary>
    public static readonly IFormatterConverter Converter = new FormatterConverter();

    public static void Write(ref MessagePackWriter writer, SerializationInfo info, MessagePackSerializerOptions options)
    {
        var formatter = options.Resolver.GetFormatterWithVerify<object?>();
        writer.WriteMapHeader(info.MemberCount);
        foreach (var entry in info)
        {
            ExactStringFormatter.Write(ref writer, entry.Name);
            formatter.Serialize(ref writer, entry.Value, options);
        }
    }

    /// <summary>Reads the map of entries of a <paramref name="type"/> into a new SerializationInfo.</summary>
    public static SerializationInfo Read(ref MessagePackReader reader, Type type, MessagePackSerializerOptions options)
    {
        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw SerializableErrors.NotEntries(type, LoadErrors.Held(reader.Sequence.Slice(reader.Position)));
        }

        var count = reader.ReadMapHeader();
        GraphOptions.StateOf(options)?.Budget?.Spend(count, BytesPerEntry, $"{count:N0} serialization entries of a {TypeNames.Of(type)}");
        var info = new SerializationInfo(type, Converter);
        var formatter = options.Resolver.GetFormatterWithVerify<object?>();
        for (var i = 0; i < count; i++)
        {
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw SerializableErrors.NotEntryName(type, LoadErrors.Held(reader.Sequence.Slice(reader.Position)));
            }

            var name = ExactStringFormatter.Read(ref reader)!;
            var start = reader.Consumed;
            object? value;
            try
            {
                value = formatter.Deserialize(ref reader, options);
            }
            catch (Exception e) when (LoadPathException.Starts(e, PathStep.Member(name), type))
            {
                throw LoadPathException.Start(e, PathStep.Member(name), type, typeof(object), reader.Sequence.Slice(start));
            }

            try
            {
                info.AddValue(name, value);
            }
            catch (SerializationException)
            {
                throw SerializableErrors.EntryTwice(type, name);
            }
        }

        return info;
    }

    /// <summary>
    /// The type a value's GetObjectData says it serializes as: <paramref name="type"/> itself, the type given to
    /// <see cref="SerializationInfo.SetType"/>, or the loaded type the names <see cref="SerializationInfo.FullTypeName"/>
    /// and <see cref="SerializationInfo.AssemblyName"/> give (a <see cref="PickleException"/> if no loaded assembly has it).
    /// </summary>
    public static Type SerializesAs(SerializationInfo info, Type type)
    {
        if (info.ObjectType != type)
        {
            return info.ObjectType;
        }

        if (!info.IsFullTypeNameSetExplicit && !info.IsAssemblyNameSetExplicit)
        {
            return type;
        }

        var assemblyName = new System.Reflection.AssemblyName(info.AssemblyName).Name;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            if (!assembly.IsDynamic && assembly.GetName().Name == assemblyName && assembly.GetType(info.FullTypeName, throwOnError: false) is { } named)
            {
                return named;
            }
        }

        throw SerializableErrors.SerializesAsUnknown(type, info.FullTypeName, info.AssemblyName);
    }
}
