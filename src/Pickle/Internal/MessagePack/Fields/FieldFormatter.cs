using System.Reflection;
using System.Runtime.Serialization;
using System.Text;
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

internal abstract class FieldMember<TOwner>
{
    protected FieldMember(string key)
    {
        Key = Encoding.UTF8.GetBytes(key);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var messagePack = new MessagePackWriter(writer);
        messagePack.Write(key);
        messagePack.Flush();
        EncodedKey = writer.WrittenSpan.ToArray();
    }

    /// <summary>The key's UTF-8 bytes.</summary>
    public byte[] Key { get; }

    /// <summary>The key as a MessagePack string, ready to copy.</summary>
    public byte[] EncodedKey { get; }

    public abstract void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options);

    public abstract void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options);

    /// <summary>True if <see cref="TryRead"/> can read this field's values (with Pickle's own resolver).</summary>
    public virtual bool ReadsFromBytes => false;

    /// <summary>
    /// Reads the field's value from <paramref name="bytes"/> at <paramref name="position"/> if it is in an encoding
    /// <see cref="SpanValues"/> reads, as the field's formatter under Pickle's own resolver would; false, with nothing
    /// moved or set, otherwise.
    /// </summary>
    public virtual bool TryRead(ReadOnlySpan<byte> bytes, ref int position, ref TOwner owner) => false;
}

internal sealed class FieldMember<TOwner, TField>(string key, FieldInfo field) : FieldMember<TOwner>(key)
{
    /// <summary>
    /// True if Pickle's resolver gives <typeparamref name="TField"/> one of MessagePack's sealed built-in formatters
    /// that <see cref="Read"/> and <see cref="Write"/> call directly: a call without an interface dispatch, which the
    /// compiler can inline. Other fields, and every field under options with converters, go through the resolver.
    /// </summary>
    private static readonly bool IsDirect = PickleResolver.Instance.GetFormatter<TField>() switch
    {
        Int32Formatter or Int64Formatter or DoubleFormatter or SingleFormatter or BooleanFormatter or NativeDateTimeFormatter => true,
        _ => false,
    };

    /// <summary>
    /// For a field of an array or list type written as one block of numbers, what reads a small block straight from
    /// the payload's bytes (as the field's formatter under Pickle's own resolver reads it first).
    /// </summary>
    private static readonly ISmallBlitReader<TField>? SmallBlit = (PickleResolver.Instance.GetFormatter<TField>() as GraphFormatter<TField>)?.SmallBlit;

    private readonly FieldGetter<TOwner, TField> _get = FieldAccessors.Getter<TOwner, TField>(field);
    private readonly FieldSetter<TOwner, TField> _set = FieldAccessors.Setter<TOwner, TField>(field);
    private IMessagePackFormatter<TField>? _shared;

    public override void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options)
    {
        var value = _get(ref owner);
        if (IsDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
        {
            // Each test is on the field's type, a constant once compiled for it: only the matching line remains.
            if (typeof(TField) == typeof(int))
            {
                Int32Formatter.Instance.Serialize(ref writer, (int)(object)value!, options);
            }
            else if (typeof(TField) == typeof(long))
            {
                Int64Formatter.Instance.Serialize(ref writer, (long)(object)value!, options);
            }
            else if (typeof(TField) == typeof(double))
            {
                DoubleFormatter.Instance.Serialize(ref writer, (double)(object)value!, options);
            }
            else if (typeof(TField) == typeof(float))
            {
                SingleFormatter.Instance.Serialize(ref writer, (float)(object)value!, options);
            }
            else if (typeof(TField) == typeof(bool))
            {
                BooleanFormatter.Instance.Serialize(ref writer, (bool)(object)value!, options);
            }
            else if (typeof(TField) == typeof(DateTime))
            {
                NativeDateTimeFormatter.Instance.Serialize(ref writer, (DateTime)(object)value!, options);
            }

            return;
        }

        Formatter(options).Serialize(ref writer, value, options);
    }

    public override void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (IsDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
        {
            if (typeof(TField) == typeof(int))
            {
                _set(ref owner, (TField)(object)Int32Formatter.Instance.Deserialize(ref reader, options));
            }
            else if (typeof(TField) == typeof(long))
            {
                _set(ref owner, (TField)(object)Int64Formatter.Instance.Deserialize(ref reader, options));
            }
            else if (typeof(TField) == typeof(double))
            {
                _set(ref owner, (TField)(object)DoubleFormatter.Instance.Deserialize(ref reader, options));
            }
            else if (typeof(TField) == typeof(float))
            {
                _set(ref owner, (TField)(object)SingleFormatter.Instance.Deserialize(ref reader, options));
            }
            else if (typeof(TField) == typeof(bool))
            {
                _set(ref owner, (TField)(object)BooleanFormatter.Instance.Deserialize(ref reader, options));
            }
            else if (typeof(TField) == typeof(DateTime))
            {
                _set(ref owner, (TField)(object)NativeDateTimeFormatter.Instance.Deserialize(ref reader, options));
            }

            return;
        }

        _set(ref owner, Formatter(options).Deserialize(ref reader, options));
    }

    public override bool ReadsFromBytes => IsDirect || SmallBlit is not null;

    public override bool TryRead(ReadOnlySpan<byte> bytes, ref int position, ref TOwner owner)
    {
        if (!typeof(TField).IsValueType)
        {
            if (SmallBlit is not null && SmallBlit.TryReadSmall(bytes, ref position, out var small))
            {
                _set(ref owner, small);
                return true;
            }

            return false;
        }

        if (typeof(TField) == typeof(int) && IsDirect && SpanValues.TryReadInt32(bytes, ref position, out var int32))
        {
            _set(ref owner, (TField)(object)int32);
            return true;
        }

        if (typeof(TField) == typeof(long) && IsDirect && SpanValues.TryReadInt64(bytes, ref position, out var int64))
        {
            _set(ref owner, (TField)(object)int64);
            return true;
        }

        if (typeof(TField) == typeof(double) && IsDirect && SpanValues.TryReadDouble(bytes, ref position, out var float64))
        {
            _set(ref owner, (TField)(object)float64);
            return true;
        }

        if (typeof(TField) == typeof(float) && IsDirect && SpanValues.TryReadSingle(bytes, ref position, out var float32))
        {
            _set(ref owner, (TField)(object)float32);
            return true;
        }

        if (typeof(TField) == typeof(bool) && IsDirect && SpanValues.TryReadBoolean(bytes, ref position, out var boolean))
        {
            _set(ref owner, (TField)(object)boolean);
            return true;
        }

        if (typeof(TField) == typeof(DateTime) && IsDirect && SpanValues.TryReadDateTime(bytes, ref position, out var dateTime))
        {
            _set(ref owner, (TField)(object)dateTime);
            return true;
        }

        return false;
    }

    /// <summary>The field's formatter; cached for Pickle's own resolver, looked up for options with converters.</summary>
    private IMessagePackFormatter<TField> Formatter(MessagePackSerializerOptions options) =>
        ReferenceEquals(options.Resolver, PickleResolver.Instance)
            ? _shared ??= PickleResolver.Instance.GetFormatterWithVerify<TField>()
            : options.Resolver.GetFormatterWithVerify<TField>();
}

/// <summary>
/// A string field: with Pickle's resolver, read and written by MessagePack's string formatter, called directly.
/// </summary>
internal sealed class StringFieldMember<TOwner>(string key, FieldInfo field) : FieldMember<TOwner>(key)
{
    private static readonly bool IsDirect = PickleResolver.Instance.GetFormatter<string>() is NullableStringFormatter;

    private readonly FieldGetter<TOwner, string?> _get = FieldAccessors.Getter<TOwner, string?>(field);
    private readonly FieldSetter<TOwner, string?> _set = FieldAccessors.Setter<TOwner, string?>(field);

    public override void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (IsDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
        {
            NullableStringFormatter.Instance.Serialize(ref writer, _get(ref owner), options);
            return;
        }

        options.Resolver.GetFormatterWithVerify<string?>().Serialize(ref writer, _get(ref owner), options);
    }

    public override void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (IsDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
        {
            _set(ref owner, NullableStringFormatter.Instance.Deserialize(ref reader, options));
            return;
        }

        _set(ref owner, options.Resolver.GetFormatterWithVerify<string?>().Deserialize(ref reader, options));
    }

    public override bool ReadsFromBytes => IsDirect;

    public override bool TryRead(ReadOnlySpan<byte> bytes, ref int position, ref TOwner owner)
    {
        if (IsDirect && SpanValues.TryReadString(bytes, ref position, out var text))
        {
            _set(ref owner, text);
            return true;
        }

        return false;
    }
}

/// <summary>Which fields of a type Pickle writes, and under which keys.</summary>
internal static class FieldModel
{
    private const BindingFlags DeclaredInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>
    /// True for a class or struct Pickle may dump by field: concrete, not a delegate or a pointer holder, and, if it
    /// belongs to the .NET libraries, marked serializable (as BinaryFormatter required).
    /// </summary>
    public static bool IsEligible(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsArray || type.IsPointer || type.IsByRefLike || type.IsAbstract || type.IsInterface
            || type.ContainsGenericParameters || type == typeof(object) || type == typeof(string) || typeof(Delegate).IsAssignableFrom(type)
            || type.IsDefined(typeof(MessagePackObjectAttribute), inherit: false) || type.IsCOMObject)
        {
            return false;
        }

        if (IsFrameworkType(type) && !IsMarkedSerializable(type))
        {
            return false;
        }

        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            foreach (var field in level.GetFields(DeclaredInstance))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsByRef || field.FieldType.IsFunctionPointer || field.FieldType == typeof(IntPtr) || field.FieldType == typeof(UIntPtr))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool IsFrameworkType(Type type)
    {
        var name = type.Assembly.GetName().Name ?? "";
        return type.Assembly == typeof(object).Assembly || name is "mscorlib" or "netstandard" or "System"
            || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    public static IReadOnlyList<(string Key, FieldInfo Field)> Fields(Type type)
    {
        var result = new List<(string Key, FieldInfo Field)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            var events = level.GetEvents(DeclaredInstance).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var field in level.GetFields(DeclaredInstance))
            {
                if (IsMarkedNotSerialized(field) || IsIgnored(field) || events.Contains(field.Name))
                {
                    continue;
                }

                var name = field.Name;
                var property = PropertyOf(name);
                if (property is not null)
                {
                    if (level.GetProperty(property, DeclaredInstance) is { } declared && IsIgnored(declared))
                    {
                        continue;
                    }

                    name = property;
                }

                var key = name;
                if (!used.Add(key))
                {
                    key = level.Name + "." + name;
                    if (!used.Add(key))
                    {
                        key = TypeNames.Of(level) + "." + name;
                        used.Add(key);
                    }
                }

                result.Add((key, field));
            }
        }

        return result;
    }

    /// <summary>The property behind a compiler-generated backing field (<c>&lt;Name&gt;k__BackingField</c>), if any.</summary>
    private static string? PropertyOf(string fieldName)
    {
        if (fieldName.StartsWith('<'))
        {
            var end = fieldName.IndexOf('>', StringComparison.Ordinal);
            if (end > 1)
            {
                return fieldName[1..end];
            }
        }

        return null;
    }

    // [Serializable] and [NonSerialized] are the markers Pickle honours; the formatter they were made for is not used.
#pragma warning disable SYSLIB0050
    private static bool IsMarkedSerializable(Type type) => type.IsSerializable;

    private static bool IsMarkedNotSerialized(FieldInfo field) => field.IsNotSerialized;
#pragma warning restore SYSLIB0050

    private static bool IsIgnored(MemberInfo member) =>
        member.IsDefined(typeof(PickleIgnoreAttribute), inherit: true)
        || member.IsDefined(typeof(IgnoreDataMemberAttribute), inherit: true)
        || member.IsDefined(typeof(IgnoreMemberAttribute), inherit: true);
}
