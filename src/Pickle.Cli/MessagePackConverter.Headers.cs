using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

// The root and the values with a header ([ext 80, contents]) and the array segments ([ext 84, array]): written as the
// object of their contents, with "$type" (and "$id") first, as ContentConverter describes.
internal sealed partial class MessagePackConverter
{
    /// <summary>
    /// Writes a payload's root value, adding <paramref name="rootType"/> (if any) as <c>"$type"</c> as a header naming
    /// it would be: a version-2 root does not repeat the type its root type names.
    /// </summary>
    public void WriteRoot(ref MessagePackReader reader, string? rootType)
    {
        if (rootType is null)
        {
            WriteValue(ref reader, 0);
        }
        else if (reader.NextMessagePackType == MessagePackType.Array && ObjectHeaders.StartsWithHeader(ref reader))
        {
            WriteWithHeader(ref reader, 0, rootType);
        }
        else if (reader.NextMessagePackType == MessagePackType.Map)
        {
            var pairs = ReadHeader(ref reader, isMap: true);
            sink.StartMap(pairs + 1);
            WriteHeaderProperties(null, rootType);
            WritePairs(ref reader, pairs, 1);
            sink.EndMap();
        }
        else
        {
            WriteValue(ref reader, 0);
        }
    }

    /// <summary>Writes <c>[ext 80 header, contents]</c> as the contents with the header's id and type added.</summary>
    private void WriteWithHeader(ref MessagePackReader reader, int depth, string? typeIfNone = null)
    {
        reader.ReadArrayHeader();
        if (!ObjectHeaders.TryReadHeader(ref reader, out var header))
        {
            throw ContentConverter.Malformed(PickleExtensions.NameOf(PickleExtensions.ObjectHeader)!);
        }

        long? id = header.Id >= 0 ? header.Id : null;
        string? type = null;
        if (header.TypeIndex is { } index)
        {
            type = index >= 0 && index < _typeNames.Count
                ? _typeNames[(int)index]
                : throw new InvalidOperationException($"an object header refers to type #{index}, which the payload has not named before");
        }
        else if (header.TypeName is { } name)
        {
            type = name;
            _typeNames.Add(name);
        }

        type ??= typeIfNone;
        var added = (id is null ? 0 : 1) + (type is null ? 0 : 1);
        if (added == 0)
        {
            WriteValue(ref reader, depth + 1);
            return;
        }

        if (reader.NextMessagePackType == MessagePackType.Map)
        {
            var pairs = ReadHeader(ref reader, isMap: true);
            sink.StartMap(added + pairs);
            WriteHeaderProperties(id, type);
            WritePairs(ref reader, pairs, depth + 1);
            sink.EndMap();
            return;
        }

        sink.StartMap(added + 1);
        WriteHeaderProperties(id, type);
        sink.WriteKey("$value");
        WriteValue(ref reader, depth + 1);
        sink.EndMap();
    }

    /// <summary>Writes <c>[ext 84 (offset, count), array]</c> as <c>{"$offset": offset, "$count": count, "$array": array}</c>.</summary>
    private void WriteSegment(ref MessagePackReader reader, int depth)
    {
        reader.ReadArrayHeader();
        var body = new MessagePackReader(reader.ReadExtensionFormat().Data);
        sink.StartMap(3);
        sink.WriteKey("$offset");
        sink.WriteInt64(body.ReadInt64());
        sink.WriteKey("$count");
        sink.WriteInt64(body.ReadInt64());
        sink.WriteKey("$array");
        WriteValue(ref reader, depth + 1);
        sink.EndMap();
    }

    private void WriteHeaderProperties(long? id, string? type)
    {
        if (id is { } known)
        {
            sink.WriteKey("$id");
            sink.WriteInt64(known);
        }

        if (type is not null)
        {
            sink.WriteKey("$type");
            sink.WriteString(type);
        }
    }
}
