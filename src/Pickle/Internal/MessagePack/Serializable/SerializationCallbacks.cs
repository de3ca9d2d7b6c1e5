using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Serialization;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>Calls the serialization callbacks of one moment on an object: those of its base classes first.</summary>
internal delegate void SerializationCallback<T>(ref T owner, StreamingContext context);

/// <summary>
/// The <c>[OnSerializing]</c>, <c>[OnSerialized]</c>, <c>[OnDeserializing]</c> and <c>[OnDeserialized]</c> methods of
/// a <typeparamref name="T"/>, each moment's compiled once into one delegate that calls every level's methods, base
/// classes first (as .NET's formatters called them); <see langword="null"/> where the type has none. Whether a loaded
/// <typeparamref name="T"/> is an <see cref="IDeserializationCallback"/> to call once the whole load is done
/// (<see cref="DeserializationCallbacks"/>). The order of the moments is told in IPickleCallbacks' docs.
/// </summary>
internal static class SerializationCallbacks<T>
{
    public static readonly SerializationCallback<T>? OnSerializing = Compile(typeof(OnSerializingAttribute));

    public static readonly SerializationCallback<T>? OnSerialized = Compile(typeof(OnSerializedAttribute));

    public static readonly SerializationCallback<T>? OnDeserializing = Compile(typeof(OnDeserializingAttribute));

    public static readonly SerializationCallback<T>? OnDeserialized = Compile(typeof(OnDeserializedAttribute));

    /// <summary>True if a loaded <typeparamref name="T"/> (a class) is told when the whole load is done.</summary>
    public static readonly bool IsDeserializationCallback = !typeof(T).IsValueType && typeof(IDeserializationCallback).IsAssignableFrom(typeof(T));

    private static readonly object Target = new();

    /// <summary>Runs <paramref name="callback"/>, if any, at dump; what it throws becomes a PickleException naming the type.</summary>
    public static void RunAtDump(SerializationCallback<T>? callback, ref T owner, string what) =>
        Run(callback, ref owner, what, SerializableErrors.DumpCallbackFailed);

    /// <summary>Runs <paramref name="callback"/>, if any, at load; what it throws becomes a PickleException naming the type.</summary>
    public static void RunAtLoad(SerializationCallback<T>? callback, ref T owner, string what) =>
        Run(callback, ref owner, what, SerializableErrors.LoadCallbackFailed);

    private static void Run(SerializationCallback<T>? callback, ref T owner, string what, Func<Type, string, Exception, PickleException> failed)
    {
        if (callback is null)
        {
            return;
        }

        try
        {
            callback(ref owner, SerializationContext.Value);
        }
        catch (Exception e) when (PickleErrors.IsContentError(e))
        {
            throw failed(typeof(T), what, e);
        }
    }

    private static SerializationCallback<T>? Compile(Type attribute)
    {
        var levels = new List<MethodInfo>();
        for (var level = typeof(T); level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            var declared = level.GetMethods(BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly)
                .Where(method => method.IsDefined(attribute, inherit: false))
                .ToArray();
            foreach (var method in declared)
            {
                var parameters = method.GetParameters();
                if (method.IsStatic || method.ReturnType != typeof(void) || method.ContainsGenericParameters || parameters.Length != 1 || parameters[0].ParameterType != typeof(StreamingContext))
                {
                    throw SerializableErrors.BadCallback(typeof(T), method.Name, attribute.Name[..^"Attribute".Length]);
                }
            }

            levels.InsertRange(0, declared);
        }

        if (levels.Count == 0)
        {
            return null;
        }

        var dynamic = new DynamicMethod(
            attribute.Name + "_" + typeof(T).Name, null, [typeof(object), typeof(T).MakeByRefType(), typeof(StreamingContext)], typeof(SerializationCallbacks<T>).Module, skipVisibility: true);
        var il = dynamic.GetILGenerator();
        foreach (var method in levels)
        {
            il.Emit(OpCodes.Ldarg_1);
            if (!typeof(T).IsValueType)
            {
                il.Emit(OpCodes.Ldind_Ref);
            }

            il.Emit(OpCodes.Ldarg_2);
            // Each level's own method, as it is declared: a derived class's override is its own level's callback.
            il.Emit(OpCodes.Call, method);
        }

        il.Emit(OpCodes.Ret);
        return dynamic.CreateDelegate<SerializationCallback<T>>(Target);
    }
}
