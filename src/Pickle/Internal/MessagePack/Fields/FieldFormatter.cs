using System.Runtime.Serialization;
using MessagePack;
using MessagePack.Formatters;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Dumps a class or struct field by field, public and private, those of base classes included, as a map from field
/// key to value; loads it back without calling any constructor but a parameterless one. The key of an
/// auto-property's backing field is the property's name; a base-class field whose key a derived class already uses
/// is keyed <c>Base.field</c>. Unknown keys are skipped and missing ones keep their defaults, so types can evolve; a
/// key that is a member's former name (<see cref="PickleFormerNameAttribute"/>) loads into that member. An error met
/// loading a member carries the member's name out (<see cref="LoadPathException"/>). The type's serialization
/// callbacks and <see cref="IPickleCallbacks"/> run around the fields (<see cref="SerializationCallbacks{T}"/>, in the
/// order IPickleCallbacks' docs give); exceptions follow <see cref="ExceptionFields"/>.
/// </summary>
internal sealed class FieldFormatter<T> : IMessagePackFormatter<T>
{
    public static readonly FieldFormatter<T> Instance = new();

    /// <summary>
    /// The type's callbacks (<see cref="SerializationCallbacks{T}"/>, <see cref="IPickleCallbacks"/>), read from fields:
    /// in code shared by reference types, a static of a generic type is looked up at run time on every read.
    /// </summary>
    private readonly SerializationCallback<T>? _onSerializing = SerializationCallbacks<T>.OnSerializing;
    private readonly SerializationCallback<T>? _onSerialized = SerializationCallbacks<T>.OnSerialized;
    private readonly SerializationCallback<T>? _onDeserializing = SerializationCallbacks<T>.OnDeserializing;
    private readonly SerializationCallback<T>? _onDeserialized = SerializationCallbacks<T>.OnDeserialized;
    private readonly bool _isDeserializationCallback = SerializationCallbacks<T>.IsDeserializationCallback;
    private readonly bool _hasCallbacks = typeof(IPickleCallbacks).IsAssignableFrom(typeof(T));

    private readonly FieldMember<T>[] _members;
    private readonly (byte[] Key, FieldMember<T> Member)[] _formerKeys;
    private readonly Func<T> _create;

    /// <summary>Makes the error of former member names that clash, thrown on every use of the type; <see langword="null"/> if none do.</summary>
    private readonly Func<PickleException>? _clash;

    /// <summary>True if the first field can be read straight from the payload's bytes (<see cref="ReadLeadingFields"/>).</summary>
    private readonly bool _readsLeadingFields;

    private FieldFormatter()
    {
        var fields = FieldModel.Fields(typeof(T));

        // A loop rather than a query: a query's generic code over the (key, field) tuples is compiled at a first dump.
        _members = new FieldMember<T>[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var (key, field) = fields[i];
            _members[i] = ExceptionFields.MemberFor<T>(key, field) ?? FieldMembers.For<T>(key, field);
        }

        (_formerKeys, _clash) = FormerKeys(fields, _members);
        _create = typeof(Exception).IsAssignableFrom(typeof(T)) ? ExceptionFields.Factory<T>() : FieldAccessors.Factory<T>();
        _readsLeadingFields = _members.Length > 0 && _members[0].ReadsFromBytes;
    }

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        Write(ref writer, value, options, keys: true);

    /// <summary>
    /// Writes a value as the array of its field values alone, in the order of the keys of <see cref="Serialize"/>: a
    /// later element of a list whose first element gave the keys (<see cref="KeyedElements{T}"/>).
    /// </summary>
    public void SerializeValues(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options) =>
        Write(ref writer, value, options, keys: false);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void Write(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options, bool keys)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        if (_clash is not null)
        {
            throw _clash();
        }

        if (_onSerializing is not null)
        {
            SerializationCallbacks<T>.RunAtDump(_onSerializing, ref value, "[OnSerializing] method");
        }

        if (_hasCallbacks)
        {
            ((IPickleCallbacks)value!).OnDumping();
        }

        if (keys)
        {
            writer.WriteMapHeader(_members.Length);
            foreach (var member in _members)
            {
                writer.WriteRaw(member.EncodedKey);
                member.Write(ref writer, ref value, options);
            }
        }
        else
        {
            writer.WriteArrayHeader(_members.Length);
            foreach (var member in _members)
            {
                member.Write(ref writer, ref value, options);
            }
        }

        if (_onSerialized is not null)
        {
            SerializationCallbacks<T>.RunAtDump(_onSerialized, ref value, "[OnSerialized] method");
        }
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        FieldMember<T>?[]? order = null;
        return Read(ref reader, options, keyed: false, ref order);
    }

    /// <summary>
    /// Reads an element of a list whose field keys are written once (<see cref="KeyedElements{T}"/>): a map, whose keys'
    /// members become <paramref name="order"/> if it is the first, or an array of values in that order.
    /// </summary>
    public T DeserializeKeyed(ref MessagePackReader reader, MessagePackSerializerOptions options, ref FieldMember<T>?[]? order) =>
        Read(ref reader, options, keyed: true, ref order);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private T Read(ref MessagePackReader reader, MessagePackSerializerOptions options, bool keyed, ref FieldMember<T>?[]? order)
    {
        if (_clash is not null)
        {
            throw _clash();
        }

        var code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            if (typeof(T).IsValueType)
            {
                throw LoadErrors.StructIsNull(typeof(T));
            }

            reader.ReadNil();
            return default!;
        }

        var values = keyed && ValueLengths.IsArray(code);
        if (!values && !ValueLengths.IsMap(code))
        {
            throw LoadErrors.NotFields(typeof(T), reader.Sequence.Slice(reader.Position));
        }

        if (values && order is null)
        {
            throw LoadErrors.ValuesBeforeKeys(typeof(T));
        }

        options.Security.DepthStep(ref reader);
        FieldMember<T>? member = null;
        var start = 0L;
        try
        {
            var value = _create();
            if (!typeof(T).IsValueType)
            {
                GraphState.Created(options, value!);
            }

            if (_onDeserializing is not null)
            {
                SerializationCallbacks<T>.RunAtLoad(_onDeserializing, ref value, "[OnDeserializing] method");
            }

            var members = _members;
            var fast = _readsLeadingFields && ReferenceEquals(options.Resolver, PickleResolver.Instance);
            if (values)
            {
                var count = reader.ReadArrayHeader();
                if (count != order!.Length)
                {
                    throw LoadErrors.ValuesNotKeys(typeof(T), count, order.Length);
                }

                for (var i = fast ? ReadLeadingValues(ref reader, order, ref value) : 0; i < count; i++)
                {
                    member = order[i];
                    if (member is null)
                    {
                        reader.Skip();
                    }
                    else
                    {
                        start = reader.Consumed;
                        member.Read(ref reader, ref value, options);
                    }
                }
            }
            else
            {
                var count = reader.ReadMapHeader();
                var recorded = keyed && order is null ? Record(count, options) : null;
                var i = fast ? ReadLeadingFields(ref reader, count, ref value) : 0;
                if (recorded is not null)
                {
                    Array.Copy(members, recorded, i);
                }

                for (; i < count; i++)
                {
                    member = null;
                    if (reader.NextCode is not (>= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr) && reader.NextMessagePackType != MessagePackType.String)
                    {
                        throw LoadErrors.NotFieldName(typeof(T), reader.Sequence.Slice(reader.Position));
                    }

                    var key = global::MessagePack.Internal.CodeGenHelpers.ReadStringSpan(ref reader);
                    member = i < members.Length && key.SequenceEqual(members[i].Key) ? members[i] : Find(key);
                    if (recorded is not null)
                    {
                        recorded[i] = member;
                    }

                    if (member is null)
                    {
                        reader.Skip();
                    }
                    else
                    {
                        start = reader.Consumed;
                        member.Read(ref reader, ref value, options);
                    }
                }

                if (recorded is not null)
                {
                    order = recorded;
                }
            }

            member = null;
            if (_hasCallbacks)
            {
                ((IPickleCallbacks)value!).OnLoaded();
            }

            if (_onDeserialized is not null)
            {
                SerializationCallbacks<T>.RunAtLoad(_onDeserialized, ref value, "[OnDeserialized] method");
            }

            if (_isDeserializationCallback)
            {
                DeserializationCallbacks.Add(options, (IDeserializationCallback)value!);
            }

            return value;
        }
        catch (Exception e) when (member is not null && LoadPathException.Starts(e, PathStep.Member(member.Name), typeof(T)))
        {
            throw LoadPathException.Start(e, PathStep.Member(member.Name), typeof(T), member.ValueType, reader.Sequence.Slice(start));
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>The members of a list's first map by position, to be filled as its keys are read: spent from the load's budget, as any array a load makes.</summary>
    private static FieldMember<T>?[] Record(int count, MessagePackSerializerOptions options)
    {
        GraphOptions.StateOf(options)?.Budget?.Spend(count, IntPtr.Size, typeof(T), "field keys");
        return new FieldMember<T>?[count];
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
        try
        {
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
        }
        catch (Exception e) when (LoadPathException.Starts(e, PathStep.Member(members[i].Name), typeof(T)))
        {
            // A value read where it lies that does not fit (a date out of range): the reader is still before the fields read so.
            throw LoadPathException.Start(
                e, PathStep.Member(members[i].Name), typeof(T), members[i].ValueType, reader.Sequence.Slice(reader.Consumed + consumed + members[i].EncodedKey.Length));
        }

        if (consumed > 0)
        {
            reader.ReadRaw(consumed);
        }

        return i;
    }

    /// <summary>
    /// <see cref="ReadLeadingFields"/> for an array of values: reads the values at its start that are this type's first
    /// fields in its order (<paramref name="order"/> has them at the same places) straight from the reader's buffer.
    /// </summary>
    private int ReadLeadingValues(ref MessagePackReader reader, FieldMember<T>?[] order, ref T value)
    {
        var bytes = ReaderBytes.Unread(ref reader);
        var members = _members;
        var limit = Math.Min(order.Length, members.Length);
        var consumed = 0;
        var i = 0;
        try
        {
            for (; i < limit; i++)
            {
                var member = members[i];
                var position = consumed;
                if (!ReferenceEquals(order[i], member) || !member.TryRead(bytes, ref position, ref value))
                {
                    break;
                }

                consumed = position;
            }
        }
        catch (Exception e) when (LoadPathException.Starts(e, PathStep.Member(members[i].Name), typeof(T)))
        {
            throw LoadPathException.Start(e, PathStep.Member(members[i].Name), typeof(T), members[i].ValueType, reader.Sequence.Slice(reader.Consumed + consumed));
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

        foreach (var (formerKey, member) in _formerKeys)
        {
            if (key.SequenceEqual(formerKey))
            {
                return member;
            }
        }

        return null;
    }

    /// <summary>
    /// The keys of the members' former names, and the error of a former name that another member has now or that
    /// two members claim (which key would be whose cannot be told).
    /// </summary>
    private static ((byte[] Key, FieldMember<T> Member)[] Keys, Func<PickleException>? Clash) FormerKeys(
        IReadOnlyList<(string Key, System.Reflection.FieldInfo Field)> fields, FieldMember<T>[] members)
    {
        var keys = new List<(byte[] Key, FieldMember<T> Member)>();
        var claimed = new Dictionary<string, FieldMember<T>>(StringComparer.Ordinal);
        for (var i = 0; i < fields.Count; i++)
        {
            var member = members[i];
            foreach (var former in FieldModel.FormerNames(fields[i].Field).Distinct(StringComparer.Ordinal))
            {
                if (former == member.Name)
                {
                    continue;
                }

                if (Array.Find(members, m => m.Name == former) is { } current)
                {
                    return ([], () => LoadErrors.FormerMemberName(typeof(T), former, member.Name, current.Name, isCurrent: true));
                }

                if (!claimed.TryAdd(former, member))
                {
                    var other = claimed[former];
                    return ([], () => LoadErrors.FormerMemberName(typeof(T), former, other.Name, member.Name, isCurrent: false));
                }

                keys.Add((System.Text.Encoding.UTF8.GetBytes(former), member));
            }
        }

        return ([.. keys], null);
    }
}
