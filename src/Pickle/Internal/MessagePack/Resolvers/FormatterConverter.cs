using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>A converter made from a user's MessagePack formatter.</summary>
internal sealed class FormatterConverter<T>(IMessagePackFormatter<T> formatter) : PickleConverter
{
    public override Type Type => typeof(T);

    internal override IMessagePackFormatter CreateFormatter() => formatter;
}
