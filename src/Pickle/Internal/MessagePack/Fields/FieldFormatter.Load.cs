using System.Runtime.Serialization;
using MessagePack;

// IDeserializationCallback is marked obsolete (SYSLIB0050) with BinaryFormatter, but it is how the types Pickle loads
// here ask to be told that a load is done; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

// The load side of FieldFormatter: a map of fields, or, in a list whose keys are written once, the values of one.
internal sealed partial class FieldFormatter<T>
{
    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        FieldMember<T>?[]? order = null;
        return Read(ref reader, options, keyed: false, ref order);
    }

    /// <summary>
    /// Reads an element of a list whose field keys are written once (<see cref="KeyedElements{T}"/>): a map, whose keys'
    /// members become <paramref name="order"/> if it is the first, or an array of values in that order.
    /// </summary>
    public T DeserializeKeyed(ref MessagePackReader reader, MessagePackSerializerOptions options, ref FieldMember<T>?[]? order) =>
        Read(ref reader, options, keyed: true, ref order);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private T Read(ref MessagePackReader reader, MessagePackSerializerOptions options, bool keyed, ref FieldMember<T>?[]? order)
    {
        if (_clash is not null)
        {
            throw _clash();
        }

        var code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            if (typeof(T).IsValueType)
            {
                throw LoadErrors.StructIsNull(typeof(T));
            }

            reader.ReadNil();
            return default!;
        }

        var values = keyed && ValueLengths.IsArray(code);
        if (!values && !ValueLengths.IsMap(code))
        {
            throw LoadErrors.NotFields(typeof(T), reader.Sequence.Slice(reader.Position));
        }

        if (values && order is null)
        {
            throw LoadErrors.ValuesBeforeKeys(typeof(T));
        }

        options.Security.DepthStep(ref reader);
        FieldMember<T>? member = null;
        var start = 0L;
        try
        {
            var value = _create();
            if (!typeof(T).IsValueType)
            {
                GraphState.Created(options, value!);
            }

            if (_onDeserializing is not null)
            {
                SerializationCallbacks<T>.RunAtLoad(_onDeserializing, ref value, "[OnDeserializing] method");
            }

            var members = _members;
            var fast = _readsLeadingFields && ReferenceEquals(options.Resolver, PickleResolver.Instance);
            if (values)
            {
                var count = reader.ReadArrayHeader();
                if (count != order!.Length)
                {
                    throw LoadErrors.ValuesNotKeys(typeof(T), count, order.Length);
                }

                for (var i = fast ? ReadLeadingValues(ref reader, order, ref value) : 0; i < count; i++)
                {
                    member = order[i];
                    if (member is null)
                    {
                        reader.Skip();
                    }
                    else
                    {
                        start = reader.Consumed;
                        member.Read(ref reader, ref value, options);
                    }
                }
            }
            else
            {
                var count = reader.ReadMapHeader();
                var recorded = keyed && order is null ? Record(count, options) : null;
                var i = fast ? ReadLeadingFields(ref reader, count, ref value) : 0;
                if (recorded is not null)
                {
                    Array.Copy(members, recorded, i);
                }

                for (; i < count; i++)
                {
                    member = null;
                    if (reader.NextCode is not (>= MessagePackCode.MinFixStr and <= MessagePackCode.MaxFixStr) && reader.NextMessagePackType != MessagePackType.String)
                    {
                        throw LoadErrors.NotFieldName(typeof(T), reader.Sequence.Slice(reader.Position));
                    }

                    var key = global::MessagePack.Internal.CodeGenHelpers.ReadStringSpan(ref reader);
                    member = i < members.Length && key.SequenceEqual(members[i].Key) ? members[i] : Find(key);
                    if (recorded is not null)
                    {
                        recorded[i] = member;
                    }

                    if (member is null)
                    {
                        reader.Skip();
                    }
                    else
                    {
                        start = reader.Consumed;
                        member.Read(ref reader, ref value, options);
                    }
                }

                if (recorded is not null)
                {
                    order = recorded;
                }
            }

            member = null;
            if (_hasCallbacks)
            {
                ((IPickleCallbacks)value!).OnLoaded();
            }

            if (_onDeserialized is not null)
            {
                SerializationCallbacks<T>.RunAtLoad(_onDeserialized, ref value, "[OnDeserialized] method");
            }

            if (_isDeserializationCallback)
            {
                DeserializationCallbacks.Add(options, (IDeserializationCallback)value!);
            }

            return value;
        }
        catch (Exception e) when (member is not null && LoadPathException.Starts(e, PathStep.Member(member.Name), typeof(T)))
        {
            throw LoadPathException.Start(e, PathStep.Member(member.Name), typeof(T), member.ValueType, reader.Sequence.Slice(start));
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>The members of a list's first map by position, to be filled as its keys are read: spent from the load's budget, as any array a load makes.</summary>
    private static FieldMember<T>?[] Record(int count, MessagePackSerializerOptions options)
    {
        GraphOptions.StateOf(options)?.Budget?.Spend(count, IntPtr.Size, typeof(T), "field keys");
        return new FieldMember<T>?[count];
    }

    /// <summary>
    /// Reads the fields at the start of the map that are in this type's order and whose values are scalars, strings or
    /// small blocks of numbers in the encodings Pickle writes, straight from the reader's buffer, and then moves the
    /// reader past them once.
    /// Stops at the first field it cannot read so (another key, a nested value, another encoding), which the general
    /// loop reads from there. Returns how many fields it read.
    /// </summary>
    private int ReadLeadingFields(ref MessagePackReader reader, int count, ref T value)
    {
        var bytes = ReaderBytes.Unread(ref reader);
        var members = _members;
        var limit = Math.Min(count, members.Length);
        var consumed = 0;
        var i = 0;
        try
        {
            for (; i < limit; i++)
            {
                var member = members[i];
                var position = consumed + member.EncodedKey.Length;
                if (!bytes[consumed..].StartsWith(member.EncodedKey) || !member.TryRead(bytes, ref position, ref value))
                {
                    break;
                }

                consumed = position;
            }
        }
        catch (Exception e) when (LoadPathException.Starts(e, PathStep.Member(members[i].Name), typeof(T)))
        {
            // A value read where it lies that does not fit (a date out of range): the reader is still before the fields read so.
            throw LoadPathException.Start(
                e, PathStep.Member(members[i].Name), typeof(T), members[i].ValueType, reader.Sequence.Slice(reader.Consumed + consumed + members[i].EncodedKey.Length));
        }

        if (consumed > 0)
        {
            reader.ReadRaw(consumed);
        }

        return i;
    }

    /// <summary>
    /// <see cref="ReadLeadingFields"/> for an array of values: reads the values at its start that are this type's first
    /// fields in its order (<paramref name="order"/> has them at the same places) straight from the reader's buffer.
    /// </summary>
    private int ReadLeadingValues(ref MessagePackReader reader, FieldMember<T>?[] order, ref T value)
    {
        var bytes = ReaderBytes.Unread(ref reader);
        var members = _members;
        var limit = Math.Min(order.Length, members.Length);
        var consumed = 0;
        var i = 0;
        try
        {
            for (; i < limit; i++)
            {
                var member = members[i];
                var position = consumed;
                if (!ReferenceEquals(order[i], member) || !member.TryRead(bytes, ref position, ref value))
                {
                    break;
                }

                consumed = position;
            }
        }
        catch (Exception e) when (LoadPathException.Starts(e, PathStep.Member(members[i].Name), typeof(T)))
        {
            throw LoadPathException.Start(e, PathStep.Member(members[i].Name), typeof(T), members[i].ValueType, reader.Sequence.Slice(reader.Consumed + consumed));
        }

        if (consumed > 0)
        {
            reader.ReadRaw(consumed);
        }

        return i;
    }

    private FieldMember<T>? Find(ReadOnlySpan<byte> key)
    {
        foreach (var member in _members)
        {
            if (key.SequenceEqual(member.Key))
            {
                return member;
            }
        }

        foreach (var (formerKey, member) in _formerKeys)
        {
            if (key.SequenceEqual(formerKey))
            {
                return member;
            }
        }

        return null;
    }
}
