using System.Buffers;
using System.Formats.Nrbf;
using System.Reflection.Metadata;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal.Nrbf;

/// <summary>
/// Writes the records of a BinaryFormatter payload as the payload Pickle would have written for the same objects
/// with <see cref="PickleOptions.PreserveReferences"/>, without creating a type of the program that wrote them (the
/// <c>pickle</c> tool has none): a class of the program becomes an object header naming it and a map of its field
/// keys (<see cref="FieldModel"/>'s: a backing field by its property's name, a base class's field by its name, or
/// <c>Base.name</c> where a derived class has the name too); a value of .NET's own types is built by
/// <see cref="NrbfObjectReader"/> and written by Pickle's own serializer. Shared references and cycles keep their
/// shape (each object's first occurrence carries an id, later ones refer back to it). What cannot be written so that
/// it loads as it was saved is refused, naming it: arrays of more than one dimension over the program's types, and
/// the .NET collections over them other than <c>List&lt;T&gt;</c>, <c>T[]</c>, <c>HashSet&lt;T&gt;</c> and
/// <c>Dictionary&lt;K, V&gt;</c> (with the default or an ordinal string comparer).
/// </summary>
/// <remarks>
/// BinaryFormatter does not record whether a struct was declared as itself or as <see cref="object"/>: a struct of
/// .NET's (<see cref="Guid"/>, <see cref="DateTimeOffset"/>) and an enum are written as declared as themselves, a
/// struct of the program with a header, which loads into a field of <see cref="object"/> or a base type, and into a
/// field of the struct's own type is a <see cref="PickleException"/> (use <see cref="Pickle.LoadBinaryFormatter{T}"/>).
/// </remarks>
internal sealed class NrbfPickleWriter
{
    private static readonly MessagePackSerializerOptions Plain = MessagePackSerializerOptions.Standard.WithResolver(PickleResolver.Instance);

    private readonly NrbfObjectReader _reader;
    private readonly Dictionary<SerializationRecordId, int> _ids = [];
    private readonly Dictionary<string, int> _typeIndexes = new(StringComparer.Ordinal);
    private int _depth;

    private NrbfPickleWriter(NrbfPayload payload)
    {
        _reader = NrbfObjectReader.For(PickleOptions.Default, payload.Length);
    }

    /// <summary>The Pickle payload (root type, then value) of <paramref name="payload"/>'s root object, into <paramref name="destination"/>.</summary>
    /// <exception cref="PickleException">A record cannot be written faithfully, or names a type Pickle never loads.</exception>
    public static void Write(NrbfPayload payload, IBufferWriter<byte> destination)
    {
        var writer = new MessagePackWriter(destination);
        var self = new NrbfPickleWriter(payload);
        writer.Write(NrbfTypeNames.PickleName(payload.Root.TypeName));
        self.WriteRecord(ref writer, payload.Root);
        writer.Flush();
    }

    private void WriteRecord(ref MessagePackWriter writer, SerializationRecord record)
    {
        if (record is PrimitiveTypeRecord primitive)
        {
            // An element of an object[] or a root: declared object.
            WritePrimitive(ref writer, primitive.Value, boxed: true);
            return;
        }

        if (_ids.TryGetValue(record.Id, out var seen))
        {
            ObjectHeaders.WriteBackReference(ref writer, seen);
            return;
        }

        if (++_depth > PickleOptions.DefaultMaxDepth)
        {
            throw NrbfErrors.TooDeep(PickleOptions.DefaultMaxDepth);
        }

        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw DumpPath.OutOfStack("conversion");
        }

        try
        {
            if (IsFrameworkOnly(record.TypeName))
            {
                WriteFramework(ref writer, record);
            }
            else if (record is ClassRecord type)
            {
                WriteClass(ref writer, type);
            }
            else if (record is SZArrayRecord<SerializationRecord> array)
            {
                WriteHeader(ref writer, record);
                _reader.Charge(array);
                WriteElements(ref writer, array.GetArray(allowNulls: true));
            }
            else
            {
                throw NrbfErrors.NotConverted(NrbfTypeNames.PickleName(record.TypeName));
            }
        }
        finally
        {
            _depth--;
        }
    }

    private void WriteClass(ref MessagePackWriter writer, ClassRecord record)
    {
        var members = record.MemberNames.ToList();
        if (members is ["value__"] && record.GetRawValue("value__") is { } underlying)
        {
            // An enum of the program: its number, as Pickle writes an enum.
            WritePrimitive(ref writer, underlying, boxed: false);
            return;
        }

        if (record.TypeName.IsConstructedGenericType && IsFramework(record.TypeName.GetGenericTypeDefinition()))
        {
            WriteCollection(ref writer, record);
            return;
        }

        WriteHeader(ref writer, record);
        writer.WriteMapHeader(members.Count);
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in members)
        {
            writer.Write(NrbfMemberKeys.KeyOf(member, used));
            WriteMember(ref writer, record, member);
        }
    }

    /// <summary>A .NET collection over the program's types: its items, as Pickle writes that collection with its default comparer.</summary>
    private void WriteCollection(ref MessagePackWriter writer, ClassRecord record)
    {
        var definition = record.TypeName.GetGenericTypeDefinition().FullName;
        switch (definition)
        {
            case "System.Collections.Generic.List`1":
                WriteHeader(ref writer, record);
                var items = RecordsOf(record, "_items");
                WriteElements(ref writer, items.AsSpan(0, Math.Clamp(record.GetInt32("_size"), 0, items.Length)));
                return;
            case "System.Collections.Generic.HashSet`1":
                WriteHeader(ref writer, record);
                var elements = RecordsOf(record, "Elements");
                WriteKeyedStart(ref writer, record, elements.Length, hasValues: false);
                foreach (var element in elements)
                {
                    WriteElement(ref writer, element);
                }

                return;
            case "System.Collections.Generic.Dictionary`2":
                WriteHeader(ref writer, record);
                var pairs = RecordsOf(record, "KeyValuePairs");
                WriteKeyedStart(ref writer, record, pairs.Length, hasValues: true);
                foreach (var pair in pairs)
                {
                    var entry = pair as ClassRecord ?? throw NrbfErrors.NotConverted(NrbfTypeNames.PickleName(record.TypeName));
                    WriteMember(ref writer, entry, "key");
                    WriteMember(ref writer, entry, "value");
                }

                return;
            default:
                throw NrbfErrors.NotConverted(NrbfTypeNames.PickleName(record.TypeName));
        }
    }

    /// <summary>The records of the array the member <paramref name="name"/> holds (none if it has none), charged to the budget first.</summary>
    private SerializationRecord?[] RecordsOf(ClassRecord record, string name)
    {
        if (!record.HasMember(name) || record.GetRawValue(name) is not SZArrayRecord<SerializationRecord> array)
        {
            return [];
        }

        _reader.Charge(array);
        return array.GetArray(allowNulls: true);
    }

    /// <summary>
    /// The start of a dictionary's or set's items as Pickle writes them: a map (or array) with the default comparer,
    /// with an ordinal string comparer an array that starts with its comparer record (<see cref="ComparerRecord"/>).
    /// </summary>
    private static void WriteKeyedStart(ref MessagePackWriter writer, ClassRecord record, int count, bool hasValues)
    {
        var saved = record.HasMember("Comparer") ? record.GetRawValue("Comparer") as ClassRecord : null;
        if (saved is null || NrbfComparers.TryCreate(saved, typeof(IEqualityComparer<object>)) is not null)
        {
            if (hasValues)
            {
                writer.WriteMapHeader(count);
            }
            else
            {
                writer.WriteArrayHeader(count);
            }

            return;
        }

        if (NrbfComparers.TryCreate(saved, typeof(IEqualityComparer<string>)) is not StringComparer ordinal)
        {
            throw NrbfErrors.UnknownComparer(NrbfTypeNames.PickleName(saved.TypeName));
        }

        var name = ComparerRecord.NameOf(ordinal, typeof(Dictionary<string, object>));
        writer.WriteArrayHeader(ComparerRecord.Length(name) + (hasValues ? 2 * count : count));
        ComparerRecord.Write(ref writer, ordinal, name, Plain);
    }

    private void WriteElement(ref MessagePackWriter writer, SerializationRecord? element)
    {
        if (element is null)
        {
            writer.WriteNil();
        }
        else
        {
            WriteRecord(ref writer, element);
        }
    }

    private void WriteElements(ref MessagePackWriter writer, ReadOnlySpan<SerializationRecord?> elements)
    {
        writer.WriteArrayHeader(elements.Length);
        foreach (var element in elements)
        {
            WriteElement(ref writer, element);
        }
    }

    private void WriteMember(ref MessagePackWriter writer, ClassRecord record, string member)
    {
        switch (record.GetRawValue(member))
        {
            case null:
                writer.WriteNil();
                break;
            case SerializationRecord value:
                WriteRecord(ref writer, value);
                break;
            case var primitive:
                // A number saved in a member declared object or Nullable<T> is a record of its own; one declared as its
                // type is not. Pickle writes a string, a bool and a double the same under object as under their type.
                if (primitive is not (string or bool or double) && IsRecord(record, member))
                {
                    throw NrbfErrors.NumberOfUnknownDeclaration(NrbfTypeNames.PickleName(record.TypeName), NrbfMemberKeys.KeyOf(member, []), primitive);
                }

                WritePrimitive(ref writer, primitive, boxed: false);
                break;
        }
    }

    private static bool IsRecord(ClassRecord record, string member)
    {
        try
        {
            return record.GetSerializationRecord(member) is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>A value of .NET's own types (all its type arguments too): built, then written by Pickle's serializer as its own type.</summary>
    private void WriteFramework(ref MessagePackWriter writer, SerializationRecord record)
    {
        var type = NrbfTypeNames.Resolve(record.TypeName, new GraphState(PickleOptions.Default, converters: null))
            ?? throw LoadErrors.UnknownType(NrbfTypeNames.PickleName(record.TypeName), expected: null);
        var value = _reader.Read(record, type)!;
        if (!type.IsValueType)
        {
            WriteHeader(ref writer, record);
        }

        var buffer = new ArrayBufferWriter<byte>();
        typeof(MessagePackPickleSerializer).GetMethod(nameof(MessagePackPickleSerializer.Serialize))!.MakeGenericMethod(type)
            .Invoke(MessagePackPickleSerializer.Default, [buffer, value, PickleOptions.Default]);
        var content = buffer.WrittenMemory[RootType.BytesOf(type).Length..];
        var check = new MessagePackReader(content);
        if (HoldsHeaders(ref check))
        {
            // Its own type names and ids would not match this payload's: refused rather than written wrong.
            throw NrbfErrors.NotConverted(NrbfTypeNames.PickleName(record.TypeName));
        }

        writer.WriteRaw(content.Span);
    }

    /// <summary>True if the value the reader is at holds an object header or a back-reference anywhere.</summary>
    private static bool HoldsHeaders(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Extension:
                var code = ObjectHeaders.PeekExtensionType(ref reader);
                if (code is ObjectHeaders.HeaderCode or ObjectHeaders.BackReferenceCode)
                {
                    return true;
                }

                reader.Skip();
                return false;
            case MessagePackType.Array:
                for (var i = reader.ReadArrayHeader(); i > 0; i--)
                {
                    if (HoldsHeaders(ref reader))
                    {
                        return true;
                    }
                }

                return false;
            case MessagePackType.Map:
                for (var i = reader.ReadMapHeader() * 2; i > 0; i--)
                {
                    if (HoldsHeaders(ref reader))
                    {
                        return true;
                    }
                }

                return false;
            default:
                reader.Skip();
                return false;
        }
    }

    private void WritePrimitive(ref MessagePackWriter writer, object value, bool boxed)
    {
        if (boxed && value is not (string or bool or double))
        {
            // As Pickle writes a number where object is declared: a header naming its type, then the number.
            WriteTypeHeader(ref writer, id: -1, TypeTags.NameOf(value.GetType()));
        }

        switch (value)
        {
            case string text: writer.Write(text); break;
            case bool flag: writer.Write(flag); break;
            case byte number: Serialize(ref writer, number); break;
            case sbyte number: Serialize(ref writer, number); break;
            case char number: Serialize(ref writer, number); break;
            case short number: Serialize(ref writer, number); break;
            case ushort number: Serialize(ref writer, number); break;
            case int number: Serialize(ref writer, number); break;
            case uint number: Serialize(ref writer, number); break;
            case long number: Serialize(ref writer, number); break;
            case ulong number: Serialize(ref writer, number); break;
            case float number: Serialize(ref writer, number); break;
            case double number: Serialize(ref writer, number); break;
            case decimal number: Serialize(ref writer, number); break;
            case DateTime time: Serialize(ref writer, time); break;
            case TimeSpan span: Serialize(ref writer, span); break;
            default: throw NrbfErrors.UnsupportedRecord(value.GetType().Name);
        }
    }

    private static void Serialize<T>(ref MessagePackWriter writer, T value) =>
        PickleResolver.Instance.GetFormatterWithVerify<T>().Serialize(ref writer, value, Plain);

    /// <summary>The object header of a record's first occurrence: its id, and its type.</summary>
    private void WriteHeader(ref MessagePackWriter writer, SerializationRecord record)
    {
        var id = _ids.Count;
        _ids.Add(record.Id, id);
        WriteTypeHeader(ref writer, id, NrbfTypeNames.PickleName(record.TypeName));
    }

    /// <summary>An object header: the id (or nil), and the type by name, or by the index of the name if written before.</summary>
    private void WriteTypeHeader(ref MessagePackWriter writer, int id, string name)
    {
        var known = _typeIndexes.TryGetValue(name, out var index);
        if (!known)
        {
            _typeIndexes.Add(name, _typeIndexes.Count);
        }

        writer.WriteArrayHeader(2);
        var bodyLength = (id >= 0 ? ObjectHeaders.IntLength(id) : 1) + (known ? ObjectHeaders.IntLength(index) : LengthOf(name));
        writer.WriteExtensionFormatHeader(new ExtensionHeader(ObjectHeaders.HeaderCode, (uint)bodyLength));
        if (id >= 0)
        {
            writer.Write(id);
        }
        else
        {
            writer.WriteNil();
        }

        if (known)
        {
            writer.Write(index);
        }
        else
        {
            writer.Write(name);
        }
    }

    /// <summary>The bytes of <paramref name="text"/> as a MessagePack string.</summary>
    private static int LengthOf(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text);
        return bytes + (bytes <= 31 ? 1 : bytes <= byte.MaxValue ? 2 : bytes <= ushort.MaxValue ? 3 : 5);
    }

    private static bool IsFrameworkOnly(TypeName name) =>
        name.IsArray ? IsFrameworkOnly(name.GetElementType())
        : name.IsConstructedGenericType ? IsFramework(name.GetGenericTypeDefinition()) && name.GetGenericArguments().All(IsFrameworkOnly)
        : IsFramework(name);

    private static bool IsFramework(TypeName name) =>
        name.AssemblyName?.Name is null or "mscorlib" or "System" or "System.Core" or "netstandard"
        || name.AssemblyName.Name.StartsWith("System.", StringComparison.Ordinal);
}
