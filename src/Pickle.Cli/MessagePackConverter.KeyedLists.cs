using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Cli;

// Lists whose elements' field keys are written once (format version 5 on; the library's KeyedElements owns the rules):
// the array starts with the mark ext 86 holding nil, the first element that is a map gives the keys, and every later
// element that is a plain array is the values of one record in that order. Shown as a plain list of records, each
// values array an object with the first map's keys.
internal sealed partial class MessagePackConverter
{
    /// <summary>
    /// True if the array whose header was just read, of <paramref name="items"/> items, starts with the mark of a list
    /// whose keys are written once (<see cref="PickleExtensions.KeysOnce"/>). Does not move the reader.
    /// </summary>
    private static bool StartsKeyedList(ref MessagePackReader reader, int items) =>
        items > 0 && reader.NextMessagePackType == MessagePackType.Extension && ObjectHeaders.PeekExtensionType(ref reader) == PickleExtensions.KeysOnce;

    /// <summary>
    /// Writes a list whose keys are written once, of <paramref name="items"/> items counting its mark, as the array of its
    /// records. The keys the list's first map gives are kept for that list alone, and only as many as the sink shows of
    /// each record: a nested list keeps its own, and a list of any length is walked in the memory of one record's keys.
    /// </summary>
    private void WriteKeyedList(ref MessagePackReader reader, int items, int depth)
    {
        var start = Offset(reader);
        window?.EnsureNextValue(ref reader, maxCharacters: null);
        var mark = reader.ReadExtensionFormat();
        if (mark.Data.Length != 1 || mark.Data.FirstSpan[0] != MessagePackCode.Nil)
        {
            throw MalformedKeyedList($"its mark (ext {PickleExtensions.KeysOnce}), at payload offset {start:N0}, holds something other than nil");
        }

        var count = items - 1;
        if (count < 2)
        {
            throw MalformedKeyedList($"it has {count} element(s) after its mark (ext {PickleExtensions.KeysOnce}) at payload offset {start:N0}, where it needs two or more");
        }

        sink.StartArray(count);
        var shown = sink.Shows(count);
        var keys = new ListKeys();
        for (var i = 0; i < shown; i++)
        {
            WriteKeyedElement(ref reader, depth + 1, i, ref keys);
        }

        LeaveOut(ref reader, count - shown, count - shown);
        sink.EndArray();
    }

    /// <summary>Writes element <paramref name="index"/> of a list whose keys are written once, <paramref name="depth"/> levels down.</summary>
    private void WriteKeyedElement(ref MessagePackReader reader, int depth, int index, ref ListKeys keys)
    {
        if (depth > ContentConverter.MaxDepth)
        {
            throw ContentConverter.TooDeep();
        }

        window?.EnsureNextValue(ref reader, sink.MaxCharacters);
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Map when keys.Names is null:
                WriteFirstRecord(ref reader, depth, ref keys);
                break;
            case MessagePackType.Array when !ObjectHeaders.StartsWithHeader(ref reader):
                WriteRecordValues(ref reader, depth, index, keys);
                break;
            default:
                // Nil, a back-reference, a value with a header (whose contents are never keyed), or a later map.
                WriteValue(ref reader, depth);
                break;
        }
    }

    /// <summary>Writes the list's first map as any map, keeping the keys the sink shows, which must be field names.</summary>
    private void WriteFirstRecord(ref MessagePackReader reader, int depth, ref ListKeys keys)
    {
        var start = Offset(reader);
        var pairs = ReadHeader(ref reader, isMap: true);
        sink.StartMap(pairs);
        var shown = sink.Shows(pairs);
        keys = new ListKeys([], pairs);
        for (var i = 0; i < shown; i++)
        {
            window?.EnsureNextValue(ref reader, maxCharacters: null);
            if (reader.NextMessagePackType != MessagePackType.String)
            {
                throw MalformedKeyedList($"its first record, at payload offset {start:N0}, has a key that is not a field name (a string)");
            }

            var key = reader.ReadString() ?? string.Empty;
            keys.Names!.Add(key);
            WriteRecordKey(key);
            WriteValue(ref reader, depth + 1);
        }

        LeaveOut(ref reader, 2 * (pairs - shown), pairs - shown);
        sink.EndMap();
    }

    /// <summary>Writes an array of one record's values as the object the list's first map's keys make of them.</summary>
    private void WriteRecordValues(ref MessagePackReader reader, int depth, int index, ListKeys keys)
    {
        var start = Offset(reader);
        var count = ReadHeader(ref reader, isMap: false);
        if (keys.Names is null)
        {
            throw MalformedKeyedList($"its element {index}, at payload offset {start:N0}, is an array of values before any element gave the field names");
        }

        if (count != keys.Count)
        {
            throw MalformedKeyedList($"its element {index}, at payload offset {start:N0}, holds {count:N0} value(s), where the list's first record named {keys.Count:N0} field(s)");
        }

        sink.StartMap(count);
        var shown = (int)Math.Min(sink.Shows(count), keys.Names.Count);
        for (var i = 0; i < shown; i++)
        {
            WriteRecordKey(keys.Names[i]);
            WriteValue(ref reader, depth + 1);
        }

        LeaveOut(ref reader, count - shown, count - shown);
        sink.EndMap();
    }

    /// <summary>Writes a field name as a key: as a map's key to a sink of string keys, else as the string value a key is.</summary>
    private void WriteRecordKey(string key)
    {
        if (sink.StringKeys)
        {
            sink.WriteKey(key);
        }
        else
        {
            sink.WriteString(key);
        }
    }

    /// <summary>The error for a mark of a list whose keys are written once found anywhere but first in a list's array.</summary>
    private InvalidOperationException MisplacedKeysOnceMark(in MessagePackReader reader) =>
        MalformedKeyedList($"its mark (ext {PickleExtensions.KeysOnce}), at payload offset {Offset(reader):N0}, is not where the elements of a list start");

    private static InvalidOperationException MalformedKeyedList(string problem) =>
        ContentConverter.Malformed($"{PickleExtensions.NameOf(PickleExtensions.KeysOnce)}: {problem}");

    /// <summary>
    /// The keys of one list, from its first map: <see cref="Names"/> those the sink shows (null until the map is read),
    /// <see cref="Count"/> all it has.
    /// </summary>
    private readonly record struct ListKeys(List<string>? Names, int Count);
}
