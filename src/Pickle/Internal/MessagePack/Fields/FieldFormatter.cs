using MessagePack;
using MessagePack.Formatters;

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
internal sealed partial class FieldFormatter<T> : IMessagePackFormatter<T>
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
