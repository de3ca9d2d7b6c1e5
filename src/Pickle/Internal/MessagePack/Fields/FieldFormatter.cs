using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Dumps a class or struct field by field, public and private, those of base classes included, as a map from field
/// key to value; loads it back without calling any constructor but a parameterless one. The key of an
/// auto-property's backing field is the property's name; a base-class field whose key a derived class already uses
/// is keyed <c>Base.field</c>. Unknown keys are skipped and missing ones keep their defaults, so types can evolve.
/// </summary>
internal sealed class FieldFormatter<T> : IMessagePackFormatter<T>
{
    public static readonly FieldFormatter<T> Instance = new();

    private static readonly bool HasCallbacks = typeof(IPickleCallbacks).IsAssignableFrom(typeof(T));

    private readonly FieldMember<T>[] _members;
    private readonly Func<T> _create;

    /// <summary>True if the first field can be read straight from the payload's bytes (<see cref="ReadLeadingFields"/>).</summary>
    private readonly bool _readsLeadingFields;

    private FieldFormatter()
    {
        _members = FieldModel.Fields(typeof(T))
            .Select(field => (FieldMember<T>)Activator.CreateInstance(
                field.Field.FieldType == typeof(string)
                    ? typeof(StringFieldMember<>).MakeGenericType(typeof(T))
                    : typeof(FieldMember<,>).MakeGenericType(typeof(T), field.Field.FieldType),
                field.Key,
                field.Field)!)
            .ToArray();
        _create = FieldAccessors.Factory<T>();
        _readsLeadingFields = _members.Length > 0 && _members[0].ReadsFromBytes;
    }

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        if (HasCallbacks)
        {
            ((IPickleCallbacks)value).OnDumping();
        }

        writer.WriteMapHeader(_members.Length);
        foreach (var member in _members)
        {
            writer.WriteRaw(member.EncodedKey);
            member.Write(ref writer, ref value, options);
        }
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            if (typeof(T).IsValueType)
            {
                throw new MessagePackSerializationException($"A {TypeNames.Of(typeof(T))} is a struct and cannot be nil.");
            }

            reader.ReadNil();
            return default!;
        }

        if (code is not ((>= MessagePackCode.MinFixMap and <= MessagePackCode.MaxFixMap) or MessagePackCode.Map16 or MessagePackCode.Map32))
        {
            throw new MessagePackSerializationException($"A {TypeNames.Of(typeof(T))} must be a map of its fields, but the pickle holds a {reader.NextMessagePackType}.");
        }

        options.Security.DepthStep(ref reader);
        try
        {
            var value = _create();
            if (!typeof(T).IsValueType)
            {
                GraphState.Created(options, value!);
            }

            var count = reader.ReadMapHeader();
            var members = _members;
            var i = _readsLeadingFields && ReferenceEquals(options.Resolver, PickleResolver.Instance) ? ReadLeadingFields(ref reader, count, ref value) : 0;
            for (; i < count; i++)
            {
                if (reader.NextCode is not (>= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr) && reader.NextMessagePackType != MessagePackType.String)
                {
                    throw new MessagePackSerializationException($"A {TypeNames.Of(typeof(T))} must be keyed by field names, but the pickle holds a {reader.NextMessagePackType} key.");
                }

                var key = global::MessagePack.Internal.CodeGenHelpers.ReadStringSpan(ref reader);
                var member = i < members.Length && key.SequenceEqual(members[i].Key) ? members[i] : Find(key);
                if (member is null)
                {
                    reader.Skip();
                }
                else
                {
                    member.Read(ref reader, ref value, options);
                }
            }

            if (HasCallbacks)
            {
                ((IPickleCallbacks)value!).OnLoaded();
            }

            return value;
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>
    /// Reads the fields at the start of the map that are in this type's order and whose values are scalars, strings or
    /// small blocks of numbers in the encodings Pickle writes, straight from the reader's buffer, and then moves the
    /// reader past them once.
    /// Stops at the first field it cannot read so (another key, a nested value, another encoding), which the general
    /// loop reads from there. Returns how many fields it read.
    /// </summary>
    private int ReadLeadingFields(ref MessagePackReader reader, int count, ref T value)
    {
        var bytes = ReaderBytes.Unread(ref reader);
        var members = _members;
        var limit = Math.Min(count, members.Length);
        var consumed = 0;
        var i = 0;
        for (; i < limit; i++)
        {
            var member = members[i];
            var position = consumed + member.EncodedKey.Length;
            if (!bytes[consumed..].StartsWith(member.EncodedKey) || !member.TryRead(bytes, ref position, ref value))
            {
                break;
            }

            consumed = position;
        }

        if (consumed > 0)
        {
            reader.ReadRaw(consumed);
        }

        return i;
    }

    private FieldMember<T>? Find(ReadOnlySpan<byte> key)
    {
        foreach (var member in _members)
        {
            if (key.SequenceEqual(member.Key))
            {
                return member;
            }
        }

        return null;
    }
}
