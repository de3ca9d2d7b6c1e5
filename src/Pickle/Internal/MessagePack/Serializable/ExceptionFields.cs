using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.Serialization;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>
/// How Pickle saves exceptions: field by field, as any class, every derived class's fields and the private fields of
/// <see cref="Exception"/> included, whether or not the type has a serialization constructor, but for these rules,
/// which are the one place that names <see cref="Exception"/>'s internals:
/// the fields the runtime keeps for itself (<see cref="RuntimeOnly"/>: native pointers, the raw stack-trace buffers,
/// the faulting method) are never saved or restored; the stack trace is saved as its text and the source as its name,
/// as <see cref="Exception"/>'s own GetObjectData gives them (<see cref="ExceptionTextMember{TOwner}"/>); the
/// <see cref="Exception.Data"/> dictionary is saved as its entries (<see cref="ExceptionDataMember{TOwner}"/>); and an
/// exception without a parameterless constructor is created with <see cref="Exception"/>'s own, so that the runtime's
/// part of it is as for any new exception (<see cref="Factory{T}"/>).
/// </summary>
internal static class ExceptionFields
{
    /// <summary>The fields of <see cref="Exception"/> that only the runtime may set: saving or restoring one could crash it.</summary>
    public static readonly IReadOnlySet<string> RuntimeOnly = new HashSet<string>(StringComparer.Ordinal)
    {
        "_ipForWatsonBuckets", "_xptrs", "_xcode", "_stackTrace", "_watsonBuckets", "_exceptionMethod",
    };

    private static readonly object Target = new();

    private static readonly Action<Exception, SerializationInfo, StreamingContext> BaseGetObjectData = CompileBaseGetObjectData();

    /// <summary>True if <paramref name="field"/> is one of <see cref="Exception"/>'s fields that are never saved.</summary>
    public static bool IsRuntimeOnly(FieldInfo field) => field.DeclaringType == typeof(Exception) && RuntimeOnly.Contains(field.Name);

    /// <summary>The member that saves <paramref name="field"/> of an exception <typeparamref name="TOwner"/> in its own way, or <see langword="null"/>.</summary>
    public static FieldMember<TOwner>? MemberFor<TOwner>(string key, FieldInfo field) =>
        field.DeclaringType != typeof(Exception) ? null
        : field.Name switch
        {
            "_stackTraceString" => new ExceptionTextMember<TOwner>(key, field, "StackTraceString"),
            "_source" => new ExceptionTextMember<TOwner>(key, field, "Source"),
            "_data" when field.FieldType == typeof(IDictionary) => new ExceptionDataMember<TOwner>(key, field),
            _ => null,
        };

    /// <summary>The entry <paramref name="name"/> of what <see cref="Exception"/>'s own GetObjectData saves of <paramref name="exception"/> (not a derived class's).</summary>
    public static string? SavedText(Exception exception, string name)
    {
        var info = new SerializationInfo(exception.GetType(), SerializationEntries.Converter);
        BaseGetObjectData(exception, info, SerializationContext.Value);
        return info.GetString(name);
    }

    /// <summary>
    /// Creates an exception to load into: through its parameterless constructor if it has one (as for any class),
    /// otherwise uninitialized and then through <see cref="Exception"/>'s parameterless constructor alone.
    /// </summary>
    public static Func<T> Factory<T>()
    {
        if (typeof(T).GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes) is not null)
        {
            return FieldAccessors.Factory<T>();
        }

        var method = new DynamicMethod("new_" + typeof(T).Name, typeof(T), [typeof(object)], typeof(ExceptionFields).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldtoken, typeof(T));
        il.Emit(OpCodes.Call, typeof(Type).GetMethod(nameof(Type.GetTypeFromHandle))!);
        il.Emit(OpCodes.Call, typeof(System.Runtime.CompilerServices.RuntimeHelpers).GetMethod(nameof(System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject))!);
        il.Emit(OpCodes.Dup);
        il.Emit(OpCodes.Call, typeof(Exception).GetConstructor(Type.EmptyTypes)!);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<T>>(Target);
    }

    /// <summary>
    /// <see cref="Exception"/>'s own GetObjectData, called without virtual dispatch: the owner of how the stack trace
    /// becomes text. It is marked obsolete with the formatters on .NET 8 and later, but works; it is called through a
    /// compiled delegate, so no override of a derived class runs.
    /// </summary>
    private static Action<Exception, SerializationInfo, StreamingContext> CompileBaseGetObjectData()
    {
        var getObjectData = typeof(Exception).GetMethod(nameof(ISerializable.GetObjectData), [typeof(SerializationInfo), typeof(StreamingContext)])!;
        var method = new DynamicMethod("Exception_GetObjectData", null, [typeof(object), typeof(Exception), typeof(SerializationInfo), typeof(StreamingContext)], typeof(ExceptionFields).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Ldarg_3);
        il.Emit(OpCodes.Call, getObjectData);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Action<Exception, SerializationInfo, StreamingContext>>(Target);
    }
}
