using System.Reflection;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A string field of <see cref="Exception"/> saved as what Exception's own GetObjectData gives under
/// <c>entry</c> (<see cref="ExceptionFields.SavedText"/>): the stack trace as text, made from the runtime's raw
/// stack-trace buffer, which is never saved; the source as the name of the assembly that threw. Loads into the field.
/// </summary>
internal sealed class ExceptionTextMember<TOwner>(string key, FieldInfo field, string entry) : FieldMember<TOwner>(key)
{
    private readonly FieldSetter<TOwner, string?> _set = FieldAccessors.Setter<TOwner, string?>(field);

    public override Type ValueType => typeof(string);

    public override void Write(ref MessagePackWriter writer, ref TOwner owner, MessagePackSerializerOptions options) =>
        options.Resolver.GetFormatterWithVerify<string?>().Serialize(ref writer, ExceptionFields.SavedText((Exception)(object)owner!, entry), options);

    public override void Read(ref MessagePackReader reader, ref TOwner owner, MessagePackSerializerOptions options) =>
        _set(ref owner, options.Resolver.GetFormatterWithVerify<string?>().Deserialize(ref reader, options));
}
