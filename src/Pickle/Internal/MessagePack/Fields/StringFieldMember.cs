using System.Reflection;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A string field: with Pickle's resolver, read and written by Pickle's exact string formatter, called directly.
/// </summary>
internal sealed class StringFieldMember<TOwner>(string key, FieldInfo field) : FieldMember<TOwner>(key)
{
    private readonly bool _isDirect = PickleResolver.Instance.GetFormatter<string>() is ExactStringFormatter;

    private readonly FieldGetter<TOwner, string?> _get = FieldAccessors.Getter<TOwner, string?>(field);
    private readonly FieldSetter<TOwner, string?> _set = FieldAccessors.Setter<TOwner, string?>(field);

    public override Type ValueType => typeof(string);

    public override void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (_isDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
        {
            ExactStringFormatter.Write(ref writer, _get(ref owner));
            return;
        }

        options.Resolver.GetFormatterWithVerify<string?>().Serialize(ref writer, _get(ref owner), options);
    }

    public override void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options)
    {
        if (_isDirect && ReferenceEquals(options.Resolver, PickleResolver.Instance))
        {
            _set(ref owner, ExactStringFormatter.Read(ref reader));
            return;
        }

        _set(ref owner, options.Resolver.GetFormatterWithVerify<string?>().Deserialize(ref reader, options));
    }

    public override bool ReadsFromBytes => _isDirect;

    public override bool TryRead(ReadOnlySpan<byte> bytes, ref int position, ref TOwner owner)
    {
        if (_isDirect && SpanValues.TryReadString(bytes, ref position, out var text))
        {
            _set(ref owner, text);
            return true;
        }

        return false;
    }
}
