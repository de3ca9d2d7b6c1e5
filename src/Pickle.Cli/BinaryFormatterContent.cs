using System.Formats.Nrbf;
using System.Globalization;
using Pickling.Internal;
using Pickling.Internal.MessagePack;
using Pickling.Internal.Nrbf;

namespace Pickling.Cli;

/// <summary>
/// Writes the records of a BinaryFormatter payload to a sink, creating no type: a class record is a map of its
/// members under the keys Pickle gives them (<see cref="NrbfMemberKeys.KeyOf"/>) with its type as <c>"$type"</c>,
/// an array is an array (nested arrays for several dimensions), dates, times and decimals are shown as in a pickle
/// (<see cref="ScalarConverter"/>), and a record met again is <c>{"$ref": id}</c>, where its first occurrence has the <c>"$id"</c>.
/// </summary>
internal sealed class BinaryFormatterContent
{
    private readonly IValueSink _sink;
    private readonly Dictionary<SerializationRecordId, int> _shared = [];
    private readonly HashSet<SerializationRecordId> _written = [];
    /// <summary>What charges the budget for the lengths each array declares, before the reader allocates them.</summary>
    private readonly NrbfObjectReader _reader;

    private BinaryFormatterContent(IValueSink sink, NrbfPayload payload)
    {
        _sink = sink;
        _reader = NrbfObjectReader.For(PickleOptions.Default, payload.Length);
        CountShared(payload.Root);
    }

    /// <summary>Writes the payload's root object to <paramref name="sink"/>.</summary>
    /// <exception cref="PickleException">A record's content does not match its type.</exception>
    public static void Write(NrbfPayload payload, IValueSink sink) => new BinaryFormatterContent(sink, payload).Write(payload.Root, depth: 0);

    /// <summary>Gives an id to each record that more than one member refers to, in the order they are first met.</summary>
    private void CountShared(SerializationRecord root)
    {
        var seen = new HashSet<SerializationRecordId>();
        var pending = new Stack<SerializationRecord>([root]);
        while (pending.Count > 0)
        {
            var record = pending.Pop();
            if (record is not (ClassRecord or ArrayRecord))
            {
                continue;
            }

            if (!seen.Add(record.Id))
            {
                _shared.TryAdd(record.Id, _shared.Count + 1);
                continue;
            }

            foreach (var child in Children(record))
            {
                pending.Push(child);
            }
        }
    }

    private IEnumerable<SerializationRecord> Children(SerializationRecord record) => record switch
    {
        ClassRecord type => type.MemberNames.Select(type.GetRawValue).OfType<SerializationRecord>(),
        SZArrayRecord<SerializationRecord> array when _reader.Charge(array) >= 0 => array.GetArray(allowNulls: true).OfType<SerializationRecord>(),
        _ => [],
    };

    private void Write(object? value, int depth)
    {
        if (depth > ContentConverter.MaxDepth)
        {
            throw ContentConverter.TooDeep();
        }

        switch (value)
        {
            case null:
                _sink.WriteNull();
                break;
            case PrimitiveTypeRecord primitive:
                WritePrimitive(primitive.Value);
                break;
            case SerializationRecord record when _shared.TryGetValue(record.Id, out var id) && !_written.Add(record.Id):
                _sink.StartMap(1);
                _sink.WriteKey("$ref");
                _sink.WriteInt64(id);
                _sink.EndMap();
                break;
            case ClassRecord type:
                WriteClass(type, depth);
                break;
            case ArrayRecord array:
                WriteArray(array, depth);
                break;
            case SerializationRecord other:
                throw NrbfErrors.UnsupportedRecord(other.RecordType.ToString());
            default:
                WritePrimitive(value);
                break;
        }
    }

    private void WriteClass(ClassRecord record, int depth)
    {
        var members = record.MemberNames.ToList();
        var id = _shared.GetValueOrDefault(record.Id);
        _sink.StartMap(members.Count + (id > 0 ? 2 : 1));
        if (id > 0)
        {
            _sink.WriteKey("$id");
            _sink.WriteInt64(id);
        }

        _sink.WriteKey("$type");
        _sink.WriteString(NrbfTypeNames.PickleName(record.TypeName));
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            _sink.WriteKey(NrbfMemberKeys.KeyOf(member, used));
            Write(record.GetRawValue(member), depth + 1);
        }

        _sink.EndMap();
    }

    private void WriteArray(ArrayRecord record, int depth)
    {
        var id = _shared.GetValueOrDefault(record.Id);
        if (id > 0)
        {
            _sink.StartMap(2);
            _sink.WriteKey("$id");
            _sink.WriteInt64(id);
            _sink.WriteKey("$value");
        }

        var elements = Elements(record);
        WriteDimension(elements, new int[record.Rank], 0, depth);
        if (id > 0)
        {
            _sink.EndMap();
        }
    }

    /// <summary>The array's elements: records, or values for an array of numbers or strings, which come whole from the reader.</summary>
    private Array Elements(ArrayRecord record)
    {
        _reader.Charge(record);
        if (record is SZArrayRecord<SerializationRecord> records)
        {
            return records.GetArray(allowNulls: true);
        }

        if (NrbfTypeNames.Resolve(record.TypeName, new GraphState(PickleOptions.Default, converters: null)) is { IsArray: true } type
            && TypePolicy.GadgetIn(type) is null)
        {
            return record.GetArray(type, allowNulls: true);
        }

        throw NrbfErrors.UnsupportedRecord($"{NrbfTypeNames.PickleName(record.TypeName)} array");
    }

    private void WriteDimension(Array elements, int[] index, int dimension, int depth)
    {
        var length = elements.GetLength(dimension);
        _sink.StartArray(length);
        for (var i = 0; i < length; i++)
        {
            index[dimension] = i;
            if (dimension + 1 < elements.Rank)
            {
                WriteDimension(elements, index, dimension + 1, depth + 1);
            }
            else
            {
                Write(elements.GetValue(index), depth + 1);
            }
        }

        _sink.EndArray();
    }

    private void WritePrimitive(object value)
    {
        switch (value)
        {
            case string text: _sink.WriteString(text); break;
            case bool flag: _sink.WriteBoolean(flag); break;
            case char character: _sink.WriteString(character.ToString()); break;
            case float number: _sink.WriteSingle(number); break;
            case double number: _sink.WriteDouble(number); break;
            case ulong number: _sink.WriteUInt64(number); break;
            case byte or sbyte or short or ushort or int or uint or long: _sink.WriteInt64(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case decimal number: _sink.WriteDecimal(number); break;
            case DateTime time: _sink.WriteDateTime(time); break;
            case TimeSpan span: _sink.WriteScalarText(ScalarConverter.TextOf(span)); break;
            default: _sink.WriteString(value.ToString() ?? string.Empty); break;
        }
    }
}
