using System.Collections;
using System.Reflection;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// <see cref="Exception"/>'s <c>_data</c>, the dictionary behind <see cref="Exception.Data"/>: saved as a map of its
/// entries, keys and values each written as an <see cref="object"/> (so with their types, under the allow rules), and
/// loaded into a new dictionary of the kind <see cref="Exception.Data"/> makes, whose internal type no file names.
/// The count of a map being loaded is charged to the load's <see cref="AllocationBudget"/>.
/// </summary>
internal sealed class ExceptionDataMember<TOwner>(string key, FieldInfo field) : FieldMember<TOwner>(key)
{
    /// <summary>The dictionary type <see cref="Exception.Data"/> makes.</summary>
    private static readonly Type DataType = new InvalidOperationException().Data.GetType();

    /// <summary>What one entry of that dictionary holds besides its key and value: a node with its link.</summary>
    private const int BytesPerEntry = 32;

    private readonly FieldGetter<TOwner, IDictionary?> _get = FieldAccessors.Getter<TOwner, IDictionary?>(field);
    private readonly FieldSetter<TOwner, IDictionary?> _set = FieldAccessors.Setter<TOwner, IDictionary?>(field);

    public override Type ValueType => typeof(IDictionary);

    public override void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options)
    {
        var data = _get(ref owner);
        if (data is null)
        {
            writer.WriteNil();
            return;
        }

        if (data.GetType() != DataType)
        {
            throw SerializableErrors.ExceptionDataOfOwnKind(typeof(TOwner), data.GetType());
        }

        var formatter = options.Resolver.GetFormatterWithVerify<object?>();
        writer.WriteMapHeader(data.Count);
        foreach (DictionaryEntry entry in data)
        {
            formatter.Serialize(ref writer, entry.Key, options);
            formatter.Serialize(ref writer, entry.Value, options);
        }
    }

    public override void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            _set(ref owner, null);
            return;
        }

        if (reader.NextMessagePackType != MessagePackType.Map)
        {
            throw SerializableErrors.NotEntries(typeof(IDictionary), LoadErrors.Held(reader.Sequence.Slice(reader.Position)));
        }

        var count = reader.ReadMapHeader();
        GraphOptions.StateOf(options)?.Budget?.Spend(count, BytesPerEntry, $"{count:N0} entries of the Data of a {TypeNames.Of(typeof(TOwner))}");
        var data = (IDictionary)Activator.CreateInstance(DataType, nonPublic: true)!;
        var formatter = options.Resolver.GetFormatterWithVerify<object?>();
        for (var i = 0; i < count; i++)
        {
            var entryKey = formatter.Deserialize(ref reader, options);
            var value = formatter.Deserialize(ref reader, options);
            if (entryKey is null || data.Contains(entryKey))
            {
                throw SerializableErrors.EntryTwice(typeof(TOwner), entryKey is null ? "(null)" : $"Data[{entryKey}]");
            }

            data.Add(entryKey, value);
        }

        _set(ref owner, data);
    }
}
