using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Serialization;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>Runs a type's deserialization constructor on an object that exists already (created uninitialized).</summary>
internal delegate void SerializationConstructor<T>(ref T owner, SerializationInfo info, StreamingContext context);

/// <summary>
/// Which types Pickle saves through <see cref="ISerializable"/> (<see cref="IsSaved"/>), and the compiled
/// deserialization constructor of each; the loading of a type a value serializes as, known only at run time
/// (<see cref="Construct"/>).
/// </summary>
internal static class SerializableModel
{
    private static readonly object Target = new();

    private static readonly ConcurrentDictionary<Type, Func<SerializationInfo, global::MessagePack.MessagePackSerializerOptions, object>> Constructors = new();

    /// <summary>
    /// True for a type Pickle saves through its <see cref="ISerializable.GetObjectData"/> and its
    /// <c>(SerializationInfo, StreamingContext)</c> constructor: it implements <see cref="ISerializable"/>, is not an
    /// exception (exceptions are saved field by field, see <see cref="ExceptionFields"/>), and, if it belongs to .NET,
    /// is marked [Serializable] (<see cref="WhyNotSaved"/>); a value saved as its own type needs that constructor (<see cref="WhyNotLoaded"/>).
    /// </summary>
    public static bool IsSaved(Type type) =>
        typeof(ISerializable).IsAssignableFrom(type) && !typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract && !type.IsInterface
        && !typeof(Delegate).IsAssignableFrom(type) && type != typeof(object);

    /// <summary>
    /// Why a type <see cref="IsSaved"/> says is saved through ISerializable cannot be dumped at all, or <see langword="null"/>:
    /// a .NET type not marked [Serializable]. (A type without the constructor can still be dumped if it serializes as
    /// another type, <see cref="WhyNotLoaded"/>.)
    /// </summary>
    public static string? WhyNotSaved(Type type) =>
        FieldModel.IsFrameworkType(type) && !FieldModel.IsMarkedSerializable(type) ? SerializableErrors.NotSerializableFramework(type) : null;

    /// <summary>Why entries cannot be loaded into a type <see cref="IsSaved"/> says is saved through ISerializable, or <see langword="null"/>.</summary>
    public static string? WhyNotLoaded(Type type) =>
        WhyNotSaved(type) ?? (ConstructorOf(type) is null ? SerializableErrors.NoSerializationConstructor(type) : null);

    /// <summary>The <c>(SerializationInfo, StreamingContext)</c> constructor of a type, of any visibility.</summary>
    public static ConstructorInfo? ConstructorOf(Type type) =>
        type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(SerializationInfo), typeof(StreamingContext)]);

    /// <summary>Compiles the deserialization constructor of <typeparamref name="T"/> to run on an object already there.</summary>
    public static SerializationConstructor<T> Compile<T>(ConstructorInfo constructor)
    {
        var method = new DynamicMethod(
            "ctor_" + typeof(T).Name, null, [typeof(object), typeof(T).MakeByRefType(), typeof(SerializationInfo), typeof(StreamingContext)], typeof(SerializableModel).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1);
        if (!typeof(T).IsValueType)
        {
            il.Emit(OpCodes.Ldind_Ref);
        }

        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Call, constructor);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<SerializationConstructor<T>>(Target);
    }

    /// <summary>
    /// Loads a <paramref name="type"/> (a type another serializes as, named in the pickle and allowed) from its entries,
    /// callbacks and all, as <see cref="SerializableFormatter{T}"/> loads its own type.
    /// </summary>
    public static object Construct(Type type, SerializationInfo info, global::MessagePack.MessagePackSerializerOptions options) =>
        Constructors.GetOrAdd(type, static t =>
        {
            var method = typeof(SerializableFormatter<>).MakeGenericType(t).GetMethod(nameof(SerializableFormatter<object>.ConstructBoxed), BindingFlags.Public | BindingFlags.Static)!;
            return method.CreateDelegate<Func<SerializationInfo, global::MessagePack.MessagePackSerializerOptions, object>>();
        })(info, options);
}

