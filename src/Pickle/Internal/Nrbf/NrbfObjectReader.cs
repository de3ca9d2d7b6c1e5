using System.Collections.Concurrent;
using System.Formats.Nrbf;
using System.Reflection;
using System.Runtime.CompilerServices;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal.Nrbf;

/// <summary>
/// Builds the value of a BinaryFormatter (NRBF) payload from its records, as Pickle builds a value from its own
/// payload: each record's type is resolved among the loaded assemblies and checked by the options'
/// <see cref="TypePolicy"/> against the type declared where it lies, objects are created without running a
/// constructor and filled through <see cref="FieldModel"/>'s fields, and a record met again gives the object made
/// from it before (shared references and cycles). BinaryFormatter names a base class's private field
/// <c>Base+field</c> and an auto-property's field <c>&lt;Name&gt;k__BackingField</c>; both are the field's own names,
/// so each member is matched to its <see cref="FieldInfo"/>. Collections that BinaryFormatter saves through
/// <c>ISerializable</c> are read by <see cref="NrbfSpecialTypes"/>.
/// </summary>
internal sealed class NrbfObjectReader
{
    private static readonly ConcurrentDictionary<Type, Dictionary<string, FieldInfo>> MemberFields = new();

    private readonly GraphState _state;
    private readonly TypePolicy _policy;
    private readonly AllocationBudget _budget;
    private readonly int _maxDepth;
    private readonly Dictionary<SerializationRecordId, object> _made = [];
    private int _depth;

    private NrbfObjectReader(PickleOptions options, long payloadLength)
    {
        _state = new GraphState(options, converters: null);
        _policy = TypePolicy.For(options);
        _budget = AllocationBudget.For(options, payloadLength);
        _maxDepth = options.MaxDepth;
    }

    /// <summary>A reader of the records of a payload of <paramref name="payloadLength"/> bytes, under <paramref name="options"/>.</summary>
    public static NrbfObjectReader For(PickleOptions options, long payloadLength) => new(options, payloadLength);

    /// <summary>Reads one BinaryFormatter payload from <paramref name="stream"/> and builds a <typeparamref name="T"/> from it.</summary>
    /// <exception cref="PickleException">The payload is not valid, or its value does not fit <typeparamref name="T"/> or the options.</exception>
    public static T Load<T>(Stream stream, PickleOptions options)
    {
        var payload = NrbfPayload.Read(stream);
        var value = new NrbfObjectReader(options, payload.Length).Read(payload.Root, typeof(T));
        return value is null && typeof(T).IsValueType && Nullable.GetUnderlyingType(typeof(T)) is null
            ? throw NrbfErrors.WrongType("null", typeof(T))
            : (T)value!;
    }

    /// <summary>The value of a member as <see cref="ClassRecord.GetRawValue"/> gives it (a primitive, a record or null), as a <paramref name="declared"/>.</summary>
    public object? Read(object? raw, Type declared) => raw switch
    {
        null => declared.IsValueType && Nullable.GetUnderlyingType(declared) is null ? throw NrbfErrors.WrongType("null", declared) : null,
        SerializationRecord record => ReadRecord(record, declared),
        _ => Primitive(raw, declared),
    };

    /// <summary>The value of the member <paramref name="name"/> of <paramref name="record"/>, or <see langword="null"/> if it has none.</summary>
    public object? Member(ClassRecord record, string name, Type declared) =>
        record.HasMember(name) ? Read(record.GetRawValue(name), declared) : null;

    /// <summary>Charges the load's budget for the elements <paramref name="record"/> declares, before they are allocated; returns their count.</summary>
    public long Charge(ArrayRecord record)
    {
        var count = 1L;
        foreach (var length in record.Lengths)
        {
            count = length == 0 ? 0 : count > long.MaxValue / length ? long.MaxValue : count * length;
        }

        _budget.Spend(count, 16, $"an array of {count:N0} elements");
        return count;
    }

    /// <summary>Remembers the object made from <paramref name="record"/>, before its contents are read, so that a cycle finds it.</summary>
    public void Register(SerializationRecord record, object value) => _made[record.Id] = value;

    private object? ReadRecord(SerializationRecord record, Type declared)
    {
        if (record is ClassRecord or ArrayRecord && _made.TryGetValue(record.Id, out var made))
        {
            return IsAssignable(made.GetType(), declared) ? made : throw NrbfErrors.WrongType(TypeNames.Of(made.GetType()), declared);
        }

        if (++_depth > _maxDepth)
        {
            throw NrbfErrors.TooDeep(_maxDepth);
        }

        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw DumpPath.OutOfStack("load");
        }

        try
        {
            return record switch
            {
                PrimitiveTypeRecord primitive => Primitive(primitive.Value, declared),
                ArrayRecord array => ReadArray(array, declared),
                ClassRecord type => ReadClass(type, declared),
                _ => throw NrbfErrors.UnsupportedRecord(record.RecordType.ToString()),
            };
        }
        finally
        {
            _depth--;
        }
    }

    private static object Primitive(object value, Type declared) =>
        (Nullable.GetUnderlyingType(declared) ?? declared).IsInstanceOfType(value) ? value : throw NrbfErrors.WrongType(TypeNames.Of(value.GetType()), declared);

    private static bool IsAssignable(Type type, Type declared) => declared.IsAssignableFrom(type) || Nullable.GetUnderlyingType(declared) == type;

    /// <summary>The type a record names, checked as a pickle's type is: it must exist, fit <paramref name="declared"/> and be allowed there.</summary>
    private Type Resolve(SerializationRecord record, Type declared)
    {
        var type = NrbfTypeNames.Resolve(record.TypeName, _state) ?? throw LoadErrors.UnknownType(NrbfTypeNames.PickleName(record.TypeName), declared);
        if (!IsAssignable(type, declared))
        {
            throw NrbfErrors.WrongType(TypeNames.Of(type), declared);
        }

        _policy.Check(type, Nullable.GetUnderlyingType(declared) ?? declared);
        return type;
    }

    private object ReadClass(ClassRecord record, Type declared)
    {
        if (NrbfComparers.TryCreate(record, Nullable.GetUnderlyingType(declared) ?? declared) is { } comparer)
        {
            return comparer;
        }

        var type = Resolve(record, declared);
        try
        {
            if (type.IsEnum)
            {
                return Enum.ToObject(type, record.GetRawValue("value__") ?? throw NrbfErrors.WrongType("null", type));
            }

            if (NrbfSpecialTypes.TryRead(this, record, type) is { } special)
            {
                return special;
            }

            if (typeof(System.Runtime.Serialization.ISerializable).IsAssignableFrom(type))
            {
                throw NrbfErrors.NotByFields(type);
            }

            if (!FieldModel.IsEligible(type))
            {
                throw NrbfErrors.NotEligible(type);
            }

            var value = RuntimeHelpers.GetUninitializedObject(type);
            Register(record, value);
            var fields = FieldsOf(type);
            foreach (var member in record.MemberNames)
            {
                // A member the type no longer has is skipped, and a field the file lacks keeps its default, as
                // Pickle loads an older version of a type.
                if (fields.TryGetValue(member, out var field))
                {
                    field.SetValue(value, Read(record.GetRawValue(member), field.FieldType));
                }
            }

            return value;
        }
        catch (Exception e) when (NrbfPayload.IsReaderError(e) || e is TargetInvocationException or MemberAccessException)
        {
            throw NrbfErrors.BadRecord(TypeNames.Of(type), e);
        }
    }

    private Array ReadArray(ArrayRecord record, Type declared)
    {
        var type = Resolve(record, declared);
        if (!type.IsArray)
        {
            throw NrbfErrors.WrongType(TypeNames.Of(type), declared);
        }

        var element = type.GetElementType()!;
        var lengths = record.Lengths.ToArray();
        var count = Charge(record);
        try
        {
            var stored = record.GetArray(type, allowNulls: true);
            if (stored.GetType() == type)
            {
                // Numbers, strings, DateTimes, TimeSpans and decimals come whole from the reader.
                Register(record, stored);
                return stored;
            }

            var array = Array.CreateInstance(element, lengths);
            Register(record, array);
            var index = new int[lengths.Length];
            for (long i = 0; i < count; i++)
            {
                array.SetValue(Read(stored.GetValue(index), element), index);
                for (var dimension = index.Length - 1; dimension >= 0 && ++index[dimension] == lengths[dimension]; dimension--)
                {
                    if (dimension > 0)
                    {
                        index[dimension] = 0;
                    }
                }
            }

            return array;
        }
        catch (Exception e) when (NrbfPayload.IsReaderError(e))
        {
            throw NrbfErrors.BadRecord(TypeNames.Of(type), e);
        }
    }

    /// <summary>
    /// The fields of <paramref name="type"/> that Pickle saves, by the names BinaryFormatter gives them: the field's
    /// name, and <c>Declaring+name</c> (simple and full name) for a base class's; the most derived field wins a name.
    /// </summary>
    private static Dictionary<string, FieldInfo> FieldsOf(Type type) => MemberFields.GetOrAdd(type, static t =>
    {
        var fields = new Dictionary<string, FieldInfo>(StringComparer.Ordinal);
        foreach (var (_, field) in FieldModel.Fields(t))
        {
            var declaring = field.DeclaringType!;
            if (declaring != t)
            {
                fields.TryAdd(declaring.Name + "+" + field.Name, field);
                fields.TryAdd(declaring.FullName + "+" + field.Name, field);
            }

            fields.TryAdd(field.Name, field);
        }

        return fields;
    });
}
