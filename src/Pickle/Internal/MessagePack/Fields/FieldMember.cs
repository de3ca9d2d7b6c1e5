using System.Reflection;
using System.Text;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

internal abstract class FieldMember<TOwner>
{
    protected FieldMember(string key)
    {
        Name = key;
        Key = Encoding.UTF8.GetBytes(key);
        var writer = new System.Buffers.ArrayBufferWriter<byte>();
        var messagePack = new MessagePackWriter(writer);
        messagePack.Write(key);
        messagePack.Flush();
        EncodedKey = writer.WrittenSpan.ToArray();
    }

    /// <summary>The key, as the path of a load error names the member.</summary>
    public string Name { get; }

    /// <summary>The field's type.</summary>
    public abstract Type ValueType { get; }

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
    /// <see cref="SpanValues"/> or a scalar extension's reader reads, as the field's formatter under Pickle's own resolver would; false, with nothing
    /// moved or set, otherwise.
    /// </summary>
    public virtual bool TryRead(ReadOnlySpan<byte> bytes, ref int position, ref TOwner owner) => false;
}

internal sealed class FieldMember<TOwner, TField>(string key, FieldInfo field) : FieldMember<TOwner>(key)
{
    /// <summary>
    /// True if Pickle's resolver gives <typeparamref name="TField"/> one of the sealed scalar formatters (MessagePack's
    /// built-in ones, Pickle's dates, decimals and Guids) that <see cref="Read"/> and <see cref="Write"/> call directly: a call without an interface dispatch, which the
    /// compiler can inline. Other fields, and every field under options with converters, go through the resolver.
    /// </summary>
    /// <remarks>
    /// Only the field types that can be direct, arrays and lists are looked up here: looking up another would start
    /// the formatter of a type whose own formatter may be being made on this thread (a class with a member of its own
    /// type), which would then see none and fall back to one that does not load by field, for good.
    /// </remarks>
    private readonly bool _isDirect =
        (typeof(TField) == typeof(int) || typeof(TField) == typeof(long) || typeof(TField) == typeof(double) || typeof(TField) == typeof(float)
            || typeof(TField) == typeof(bool) || typeof(TField) == typeof(DateTime) || typeof(TField) == typeof(decimal) || typeof(TField) == typeof(Guid))
        && PickleResolver.Instance.GetFormatter<TField>()
            is Int32Formatter or Int64Formatter or DoubleFormatter or SingleFormatter or BooleanFormatter or DateTimeBinaryFormatter or DecimalBitsFormatter or GuidBytesFormatter;

    /// <summary>
    /// For a field of an array or list type written as one block of numbers, what reads a small block straight from
    /// the payload's bytes (as the field's formatter under Pickle's own resolver reads it first).
    /// </summary>
    private readonly ISmallBlitReader<TField>? _smallBlit =
        typeof(TField).IsArray || (typeof(TField).IsGenericType && typeof(TField).GetGenericTypeDefinition() == typeof(List<>))
            ? (PickleResolver.Instance.GetFormatter<TField>() as GraphFormatter<TField>)?.SmallBlit
            : null;

    private readonly FieldGetter<TOwner, TField> _get = FieldAccessors.Getter<TOwner, TField>(field);
    private readonly FieldSetter<TOwner, TField> _set = FieldAccessors.Setter<TOwner, TField>(field);
    private IMessagePackFormatter<TField>? _shared;

    public override Type ValueType => typeof(TField);

    public override void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options)
    {
        var value = _get(ref owner);
        if (_isDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
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
                DateTimeBinaryFormatter.Instance.Serialize(ref writer, (DateTime)(object)value!, options);
            }
            else if (typeof(TField) == typeof(decimal))
            {
                DecimalBitsFormatter.Instance.Serialize(ref writer, (decimal)(object)value!, options);
            }
            else if (typeof(TField) == typeof(Guid))
            {
                GuidBytesFormatter.Instance.Serialize(ref writer, (Guid)(object)value!, options);
            }

            return;
        }

        Formatter(options).Serialize(ref writer, value, options);
    }

    public override void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (_isDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
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
                _set(ref owner, (TField)(object)DateTimeBinaryFormatter.Instance.Deserialize(ref reader, options));
            }
            else if (typeof(TField) == typeof(decimal))
            {
                _set(ref owner, (TField)(object)DecimalBitsFormatter.Read(ref reader));
            }
            else if (typeof(TField) == typeof(Guid))
            {
                _set(ref owner, (TField)(object)GuidBytesFormatter.Read(ref reader));
            }

            return;
        }

        _set(ref owner, Formatter(options).Deserialize(ref reader, options));
    }

    public override bool ReadsFromBytes => _isDirect || _smallBlit is not null;

    public override bool TryRead(ReadOnlySpan<byte> bytes, ref int position, ref TOwner owner)
    {
        if (!typeof(TField).IsValueType)
        {
            if (_smallBlit is not null && _smallBlit.TryReadSmall(bytes, ref position, out var small))
            {
                _set(ref owner, small);
                return true;
            }

            return false;
        }

        if (typeof(TField) == typeof(int) && _isDirect && SpanValues.TryReadInt32(bytes, ref position, out var int32))
        {
            _set(ref owner, (TField)(object)int32);
            return true;
        }

        if (typeof(TField) == typeof(long) && _isDirect && SpanValues.TryReadInt64(bytes, ref position, out var int64))
        {
            _set(ref owner, (TField)(object)int64);
            return true;
        }

        if (typeof(TField) == typeof(double) && _isDirect && SpanValues.TryReadDouble(bytes, ref position, out var float64))
        {
            _set(ref owner, (TField)(object)float64);
            return true;
        }

        if (typeof(TField) == typeof(float) && _isDirect && SpanValues.TryReadSingle(bytes, ref position, out var float32))
        {
            _set(ref owner, (TField)(object)float32);
            return true;
        }

        if (typeof(TField) == typeof(bool) && _isDirect && SpanValues.TryReadBoolean(bytes, ref position, out var boolean))
        {
            _set(ref owner, (TField)(object)boolean);
            return true;
        }

        if (typeof(TField) == typeof(DateTime) && _isDirect && DateTimeBinaryFormatter.TryRead(bytes, ref position, out var time))
        {
            _set(ref owner, (TField)(object)time);
            return true;
        }

        if (typeof(TField) == typeof(decimal) && _isDirect && DecimalBitsFormatter.TryRead(bytes, ref position, out var number))
        {
            _set(ref owner, (TField)(object)number);
            return true;
        }

        if (typeof(TField) == typeof(Guid) && _isDirect && GuidBytesFormatter.TryRead(bytes, ref position, out var guid))
        {
            _set(ref owner, (TField)(object)guid);
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
