using MessagePack;

namespace Pickling.Internal.MessagePack;

// The load side of GraphFormatter: a value's contents, its header or a back-reference, numbered as the dump numbered it.
internal sealed partial class GraphFormatter<T>
{
    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        FieldMember<T>?[]? order = null;
        return Read(ref reader, options, keyed: false, ref order);
    }

    /// <summary>
    /// Reads an element of a list whose field keys are written once (<see cref="KeyedElements{T}"/>): as
    /// <see cref="Deserialize"/> does, but contents written by their fields through <see cref="Fields"/>, with the
    /// members the list's first element named, by position, in <paramref name="order"/>.
    /// </summary>
    public T DeserializeKeyed(ref MessagePackReader reader, MessagePackSerializerOptions options, ref FieldMember<T>?[]? order) =>
        Read(ref reader, options, keyed: true, ref order);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private T Read(ref MessagePackReader reader, MessagePackSerializerOptions options, bool keyed, ref FieldMember<T>?[]? order)
    {
        // One look at the next code decides: only an extension can be a back-reference, only an array of two a header.
        var code = reader.NextCode;
        if (code == MessagePackCode.Nil)
        {
            reader.ReadNil();
            return default!;
        }

        // PayloadShape has checked the depth; the stack is looked at on every level, since a level of a payload can be
        // more than one level of the reader's count (a header and a tuple around each object) and a thread's stack small.
        if (!System.Runtime.CompilerServices.RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw DumpPath.OutOfStack("load");
        }

        var state = GraphOptions.StateOf(options);
        if (code is (>= MessagePackCode.FixExt1 and <= MessagePackCode.FixExt16) or (>= MessagePackCode.Ext8 and <= MessagePackCode.Ext32))
        {
            if (_smallBlit is not null && _smallBlit.TryReadSmall(ref reader, out var small))
            {
                if (state is not null)
                {
                    // A small blit holds no other object: it is numbered, and complete, as soon as it is read.
                    var number = state.ReserveNext();
                    state.PendingId = -1;
                    state.Complete(number, small);
                }

                return small;
            }

            if (ObjectHeaders.PeekExtensionType(ref reader) == ObjectHeaders.BackReferenceCode)
            {
                var referred = ObjectHeaders.ReadBackReference(ref reader);
                if (state is null)
                {
                    throw new PickleException("The pickle holds a back-reference, which only Pickle's own serializer can load.");
                }

                return (T)state.Loaded(referred, typeof(T));
            }
        }
        else if (code is (MessagePackCode.MinFixArray + 2) or MessagePackCode.Array16 or MessagePackCode.Array32 && ObjectHeaders.StartsWithHeader(ref reader))
        {
            return ReadWithHeader(ref reader, options, state);
        }

        if (state is null || typeof(T) == typeof(object))
        {
            // Where object is declared, only a string, a bool or a double is written without a header, and none of them is numbered.
            if (state is not null)
            {
                state.PendingId = -1;
            }

            var plain = keyed ? _fields!.DeserializeKeyed(ref reader, options, ref order) : ReadContent(ref reader, options);
            return _mayBeObjectReference && ObjectReferences.Is(plain) ? ObjectReferences.RealObject(plain, -1, state) : plain;
        }

        var id = state.ReserveNext();
        state.PendingId = id;
        var value = keyed ? _fields!.DeserializeKeyed(ref reader, options, ref order) : ReadContent(ref reader, options);
        if (_mayBeObjectReference && ObjectReferences.Is(value))
        {
            value = ObjectReferences.RealObject(value, id, state);
        }

        state.Complete(id, value);
        return value;
    }

    private T ReadContent(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (Content is null)
        {
            throw new MessagePackSerializationException(
                $"A {TypeNames.Of(typeof(T))} is abstract, an interface or cannot be created, and the pickle does not say which concrete type to load. " +
                "It was not written by this version of Pickle, or was written from a different declared type.");
        }

        return Content.Deserialize(ref reader, options);
    }

    private T ReadWithHeader(ref MessagePackReader reader, MessagePackSerializerOptions options, GraphState? state)
    {
        reader.ReadArrayHeader();
        var (id, named, unresolved) = ObjectHeaders.ReadHeader(ref reader, state);
        var type = typeof(T);
        if (unresolved is not null && (Content is null || typeof(T) == typeof(object)))
        {
            throw LoadErrors.UnknownType(unresolved, typeof(T));
        }

        if (named is not null && named != typeof(T))
        {
            if (!typeof(T).IsAssignableFrom(named) && Content is not null && typeof(T) != typeof(object) && Dispatcher.For(typeof(T)).IsFieldMode)
            {
                // Another class's fields where a class of the user's is expected (a renamed or replaced type):
                // load them into the declared type, which keeps what matches, as for an evolving type.
                named = typeof(T);
            }
            else if (!typeof(T).IsAssignableFrom(named))
            {
                throw new PickleException(
                    $"The pickle holds a {TypeNames.Of(named)} where a {TypeNames.Of(typeof(T))} is expected. Load it as a type it can be assigned to (object loads anything allowed).");
            }

            CheckAllowed(state, named, typeof(T));
            type = named;
        }

        if (state is not null)
        {
            if (id >= 0)
            {
                state.Reserve(id);
            }
            else if (ObjectHeaders.IsNumbered(type))
            {
                id = state.ReserveNext();
            }

            state.PendingId = id;
        }

        T value;
        if (type == typeof(object))
        {
            reader.Skip();
            value = (T)new object();
        }
        else if (type == typeof(T))
        {
            value = ReadContent(ref reader, options);
        }
        else
        {
            value = (T)Dispatcher.For(type).Deserialize(ref reader, options)!;
        }

        if (_mayBeObjectReference && ObjectReferences.Is(value))
        {
            value = ObjectReferences.RealObject(value, id, state);
        }

        if (id >= 0)
        {
            state?.Complete(id, value);
        }

        return value;
    }
}
