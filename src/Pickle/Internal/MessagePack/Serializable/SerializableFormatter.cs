using System.Runtime.Serialization;
using MessagePack;
using MessagePack.Formatters;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Dumps an <see cref="ISerializable"/> type through its <see cref="ISerializable.GetObjectData"/>, as the map of its
/// entries (<see cref="SerializationEntries"/>), and loads it through its <c>(SerializationInfo, StreamingContext)</c>
/// constructor, run on an object created without constructor, as .NET's formatters did; the serialization callbacks
/// run around both (<see cref="SerializationCallbacks{T}"/>). A value whose GetObjectData says it serializes as another
/// type (<see cref="SerializationInfo.SetType"/>, <see cref="SerializationInfo.FullTypeName"/>) is written as
/// <c>[entries, header naming that type]</c>, and loads as that type, which must be allowed, loadable through its
/// entries, and give back a <typeparamref name="T"/> (itself or through <see cref="IObjectReference"/>).
/// </summary>
internal sealed class SerializableFormatter<T> : IMessagePackFormatter<T>
{
    public static readonly SerializableFormatter<T> Instance = new();

    private static readonly System.Reflection.ConstructorInfo? Constructor = SerializableModel.ConstructorOf(typeof(T));

    private static readonly SerializationConstructor<T>? Construct = Constructor is null ? null : SerializableModel.Compile<T>(Constructor);

    private SerializableFormatter()
    {
    }

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        SerializationCallbacks<T>.RunAtDump(SerializationCallbacks<T>.OnSerializing, ref value, "[OnSerializing] method");
        var info = new SerializationInfo(typeof(T), SerializationEntries.Converter);
        try
        {
            ((ISerializable)value!).GetObjectData(info, SerializationContext.Value);
        }
        catch (Exception e) when (PickleErrors.IsContentError(e))
        {
            throw SerializableErrors.DumpCallbackFailed(typeof(T), "GetObjectData", e);
        }

        var state = GraphOptions.StateOf(options);
        var serializesAs = SerializationEntries.SerializesAs(info, typeof(T));
        if (serializesAs == typeof(T))
        {
            if (Construct is null)
            {
                throw SerializableErrors.Unsavable(typeof(T), SerializableErrors.NoSerializationConstructor(typeof(T)));
            }

            SerializationEntries.Write(ref writer, info, options);
        }
        else
        {
            // A type the load would refuse is refused now, with the load's message, so that no dump writes what no load reads.
            (state?.Policy ?? TypePolicy.For(PickleOptions.Default)).Check(serializesAs, typeof(T));
            var loadable = SerializableModel.IsSaved(serializesAs) ? SerializableModel.WhyNotLoaded(serializesAs) : "it does not implement ISerializable";
            var givesBack = typeof(T).IsAssignableFrom(serializesAs) || ObjectReferences.MayStandFor(serializesAs)
                ? null
                : $"it is neither a {TypeNames.Of(typeof(T))} nor an IObjectReference that could give one back";
            if ((loadable ?? givesBack) is { } why)
            {
                throw SerializableErrors.Unsavable(typeof(T), $"its GetObjectData says it serializes as a {TypeNames.Of(serializesAs)}, which cannot be loaded: {why}");
            }

            writer.WriteArrayHeader(2);
            SerializationEntries.Write(ref writer, info, options);
            ObjectHeaders.WriteHeader(ref writer, state, serializesAs);
        }

        SerializationCallbacks<T>.RunAtDump(SerializationCallbacks<T>.OnSerialized, ref value, "[OnSerialized] method");
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return typeof(T).IsValueType ? throw LoadErrors.StructIsNull(typeof(T)) : default!;
        }

        options.Security.DepthStep(ref reader);
        try
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Map:
                    var value = Create();
                    if (!typeof(T).IsValueType)
                    {
                        // Created before its entries, as field by field, so that the entries can refer back to it.
                        GraphState.Created(options, value!);
                    }

                    var info = SerializationEntries.Read(ref reader, typeof(T), options);
                    Fill(ref value, info, options);
                    return value;
                case MessagePackType.Array when reader.CreatePeekReader().ReadArrayHeader() == 2:
                    return ReadAsOtherType(ref reader, options);
                default:
                    throw SerializableErrors.NotEntries(typeof(T), LoadErrors.Held(reader.Sequence.Slice(reader.Position)));
            }
        }
        finally
        {
            reader.Depth--;
        }
    }

    /// <summary>Loads a <typeparamref name="T"/> from <paramref name="info"/>; for <see cref="SerializableModel.Construct"/>.</summary>
    public static object ConstructBoxed(SerializationInfo info, MessagePackSerializerOptions options)
    {
        var value = Create();
        Fill(ref value, info, options);
        return value!;
    }

    private static T Create() =>
        typeof(T).IsValueType ? default! : (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));

    /// <summary>[OnDeserializing], the deserialization constructor, [OnDeserialized], and the end-of-load callback's registration.</summary>
    private static void Fill(ref T value, SerializationInfo info, MessagePackSerializerOptions options)
    {
        SerializationCallbacks<T>.RunAtLoad(SerializationCallbacks<T>.OnDeserializing, ref value, "[OnDeserializing] method");
        if (Construct is null)
        {
            throw SerializableErrors.Unsavable(typeof(T), SerializableErrors.NoSerializationConstructor(typeof(T)));
        }

        try
        {
            Construct(ref value, info, SerializationContext.Value);
        }
        catch (Exception e) when (PickleErrors.IsContentError(e))
        {
            throw SerializableErrors.LoadCallbackFailed(typeof(T), "deserialization constructor", e);
        }

        SerializationCallbacks<T>.RunAtLoad(SerializationCallbacks<T>.OnDeserialized, ref value, "[OnDeserialized] method");
        if (SerializationCallbacks<T>.IsDeserializationCallback)
        {
            DeserializationCallbacks.Add(options, (IDeserializationCallback)value!);
        }
    }

    /// <summary>Reads <c>[entries, header]</c>: a value saved as the type its GetObjectData named.</summary>
    private static T ReadAsOtherType(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var state = GraphOptions.StateOf(options);
        if (state is not null)
        {
            // The object is made only after its entries: nothing inside may refer back to it.
            state.PendingId = -1;
        }

        reader.ReadArrayHeader();
        var info = SerializationEntries.Read(ref reader, typeof(T), options);
        if (reader.NextMessagePackType != MessagePackType.Extension || ObjectHeaders.PeekExtensionType(ref reader) != ObjectHeaders.HeaderCode)
        {
            throw SerializableErrors.NotEntries(typeof(T), LoadErrors.Held(reader.Sequence.Slice(reader.Position)));
        }

        var (id, named, unresolved) = ObjectHeaders.ReadHeader(ref reader, state);
        if (unresolved is not null)
        {
            throw LoadErrors.UnknownType(unresolved, typeof(T));
        }

        if (named is null || id >= 0)
        {
            throw SerializableErrors.NotEntries(typeof(T), "a header without a type");
        }

        (state?.Policy ?? TypePolicy.For(PickleOptions.Default)).Check(named, typeof(T));
        if ((SerializableModel.IsSaved(named) ? SerializableModel.WhyNotLoaded(named) : "it is not loaded through ISerializable") is { } why)
        {
            throw SerializableErrors.SerializesAsWrongType(typeof(T), named, why);
        }

        info.SetType(named);
        var holder = named == typeof(T) ? ConstructBoxed(info, options) : SerializableModel.Construct(named, info, options);
        var real = ObjectReferences.Resolve(holder);
        return real is T loaded ? loaded : throw SerializableErrors.RealObjectOfWrongType(named, real?.GetType(), typeof(T));
    }
}
