using System.Collections.Concurrent;
using System.Reflection;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes and reads the comparer of a dictionary or set that does not use the default one (FORMAT.md, "Comparers"):
/// an extension of type <see cref="PickleExtensions.Comparer"/> first in the array of the collection's items, whose
/// body is the comparer's name (<see cref="ComparerNames"/>), or nil when the comparer object follows it as the
/// array's next element, written as a value declared <see cref="object"/> (so that its type is allowed as any other).
/// </summary>
internal static class ComparerRecord
{
    /// <summary>Why a comparer type cannot be saved, or <see langword="null"/> if it can, by type.</summary>
    private static readonly ConcurrentDictionary<Type, string?> Unsavable = new();

    /// <summary>How many elements of the items' array the record takes: the extension, and the comparer object if it is not named.</summary>
    public static int Length(ComparerName? name) => name is null ? 2 : 1;

    /// <summary>The name of <paramref name="comparer"/>, or <see langword="null"/> if it is written as an object; throws if it cannot be saved.</summary>
    public static ComparerName? NameOf(object comparer, Type collection)
    {
        if (ComparerNames.Of(comparer) is { } name)
        {
            return name;
        }

        if (Unsavable.GetOrAdd(comparer.GetType(), WhyUnsavable) is { } why)
        {
            throw new PickleException(
                $"The {TypeNames.Of(collection)}'s comparer, a {TypeNames.Of(comparer.GetType())}, cannot be saved: {why}. " +
                "Use a comparer class of your own (it loads where its type is allowed, as any type does) or one of StringComparer's, " +
                "or leave the member out with [PickleIgnore] and set its comparer again after loading.");
        }

        return null;
    }

    public static void Write(ref MessagePackWriter writer, object comparer, ComparerName? name, MessagePackSerializerOptions options)
    {
        if (name is not { } known)
        {
            writer.WriteExtensionFormatHeader(new ExtensionHeader(PickleExtensions.Comparer, 1));
            writer.WriteNil();
            PickleResolver.FormatterOf<object>(options.Resolver).Serialize(ref writer, comparer, options);
            return;
        }

        var scratch = GraphOptions.StateOf(options)?.Scratch ?? new System.Buffers.ArrayBufferWriter<byte>(64);
        var body = new MessagePackWriter(scratch);
        body.Write(known.Name);
        if (known.Name == ComparerNames.Culture)
        {
            body.Write(known.CultureName);
            body.Write((int)known.Options);
        }

        body.Flush();
        writer.WriteExtensionFormatHeader(new ExtensionHeader(PickleExtensions.Comparer, (uint)scratch.WrittenCount));
        writer.WriteRaw(scratch.WrittenSpan);
    }

    /// <summary>True if the reader, inside an array of items, is at a comparer record. Does not move the reader.</summary>
    public static bool IsAt(ref MessagePackReader reader) =>
        reader.NextMessagePackType == MessagePackType.Extension && ObjectHeaders.PeekExtensionType(ref reader) == PickleExtensions.Comparer;

    /// <summary>
    /// Reads a record from an array of <paramref name="available"/> elements: the comparer's name, or the comparer
    /// object; <paramref name="length"/> is how many of the elements it took.
    /// </summary>
    public static (ComparerName? Name, object? Comparer) Read(ref MessagePackReader reader, int available, MessagePackSerializerOptions options, out int length)
    {
        var extension = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(extension.Length));
        if (body.TryReadNil())
        {
            if (!body.End || available < 2)
            {
                throw Malformed();
            }

            length = 2;
            var comparer = PickleResolver.FormatterOf<object>(options.Resolver).Deserialize(ref reader, options) ?? throw Malformed();
            if (IsComparer(comparer.GetType()) && Unsavable.GetOrAdd(comparer.GetType(), WhyUnsavable) is { } why)
            {
                // A dump never writes these as objects; a file that does could give a hashed collection a comparer without a seed.
                throw new PickleException(
                    $"The pickle holds a collection whose comparer is written as a {TypeNames.Of(comparer.GetType())} object, which Pickle never writes: {why}. " +
                    "The file is damaged or was made to attack programs that load it; do not load it.");
            }

            return (null, comparer);
        }

        length = 1;
        return (ReadName(ref body), null);
    }

    /// <summary>
    /// Reads the name a record's body gives (the reader is past the record's header, at its body): a comparer of .NET's;
    /// loads no type, so that the <c>pickle</c> tool shows records as the library reads them.
    /// </summary>
    public static ComparerName ReadName(ref MessagePackReader body)
    {
        if (body.End || body.NextMessagePackType != MessagePackType.String)
        {
            throw Malformed();
        }

        var name = body.ReadString()!;
        ComparerName record;
        switch (name)
        {
            case ComparerNames.Ordinal or ComparerNames.OrdinalIgnoreCase or ComparerNames.Reference:
                record = new ComparerName(name);
                break;
            case ComparerNames.Culture:
                var culture = !body.End && body.NextMessagePackType == MessagePackType.String ? body.ReadString()! : throw Malformed();
                var compare = !body.End && body.NextMessagePackType == MessagePackType.Integer ? body.ReadInt32() : throw Malformed();
                record = new ComparerName(name, culture, (System.Globalization.CompareOptions)compare);
                break;
            default:
                throw new PickleException(
                    $"The pickle holds a collection with a comparer named '{name}', which this version of Pickle does not know. " +
                    "It was written by a later version of Pickle, or is damaged.");
        }

        return body.End ? record : throw Malformed();
    }

    private static bool IsComparer(Type type) =>
        typeof(System.Collections.IEqualityComparer).IsAssignableFrom(type) || typeof(System.Collections.IComparer).IsAssignableFrom(type)
        || type.GetInterfaces().Any(i => i.IsConstructedGenericType && (i.GetGenericTypeDefinition() == typeof(IEqualityComparer<>) || i.GetGenericTypeDefinition() == typeof(IComparer<>)));

    private static string? WhyUnsavable(Type type)
    {
        for (var level = type; level is not null; level = level.BaseType)
        {
            if (level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Any(field => typeof(Delegate).IsAssignableFrom(field.FieldType)))
            {
                return "it is built from a delegate (as Comparer<T>.Create and EqualityComparer<T>.Create make them), and Pickle never writes code";
            }
        }

        var assembly = type.Assembly.GetName().Name ?? "";
        return type.Assembly == typeof(object).Assembly || assembly.StartsWith("System.", StringComparison.Ordinal)
            ? "it is one of .NET's comparers that Pickle does not record (it records StringComparer's, ReferenceEqualityComparer and the default comparers)"
            : null;
    }

    private static PickleException Malformed() =>
        new("The pickle holds a malformed comparer record. The file is damaged or was not written by Pickle.");
}
