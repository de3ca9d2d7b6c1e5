using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// An <see cref="ArraySegment{T}"/> with its array, offset and count. A segment of a whole array, without
/// <see cref="PickleOptions.PreserveReferences"/>, is the array (nil for the default segment), which is also how a
/// segment of version 1 loads; any other is <c>[ext 84 (offset, count), the whole array]</c>, so that the array keeps
/// its elements outside the segment (and, with references, its identity).
/// </summary>
internal sealed class ArraySegmentFormatter<T> : IMessagePackFormatter<ArraySegment<T>>
{
    public void Serialize(ref MessagePackWriter writer, ArraySegment<T> value, MessagePackSerializerOptions options)
    {
        var array = value.Array;
        if (array is not null && (value.Offset != 0 || value.Count != array.Length || GraphOptions.StateOf(options) is not { PreserveReferences: false }))
        {
            writer.WriteArrayHeader(2);
            writer.WriteExtensionFormatHeader(new ExtensionHeader(PickleExtensions.ArraySegment, (uint)(ObjectHeaders.IntLength(value.Offset) + ObjectHeaders.IntLength(value.Count))));
            writer.Write(value.Offset);
            writer.Write(value.Count);
        }

        options.Resolver.GetFormatterWithVerify<T[]?>().Serialize(ref writer, array, options);
    }

    public ArraySegment<T> Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var formatter = options.Resolver.GetFormatterWithVerify<T[]?>();
        if (!ObjectHeaders.StartsWithExtension(ref reader, PickleExtensions.ArraySegment))
        {
            return formatter.Deserialize(ref reader, options) is { } whole ? new ArraySegment<T>(whole) : default;
        }

        reader.ReadArrayHeader();
        var extension = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(extension.Length));
        var (offset, count) = (body.ReadInt32(), body.ReadInt32());
        var array = formatter.Deserialize(ref reader, options);
        if (!body.End || array is null || offset < 0 || count < 0 || count > array.Length - offset)
        {
            throw new PickleException(
                $"The pickle holds an {TypeNames.Of(typeof(ArraySegment<T>))} of {count:N0} element(s) from {offset:N0} of an array of {array?.Length ?? 0:N0}, which is not a segment of it. " +
                "The file is damaged or was not written by Pickle.");
        }

        return new ArraySegment<T>(array, offset, count);
    }
}
