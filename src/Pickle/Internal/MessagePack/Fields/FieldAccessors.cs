using System.Reflection;
using System.Reflection.Emit;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Compiles field getters, field setters (read-only fields included) and constructors into delegates, once per
/// member, so that dumping and loading by field costs a delegate call rather than reflection.
/// </summary>
/// <remarks>
/// Each method takes an unused first argument that its delegate is bound to: a delegate bound to a target calls its
/// method directly, where one over a static method goes through a stub that shifts the arguments.
/// </remarks>
internal static class FieldAccessors
{
    private static readonly object Target = new();

    public static FieldGetter<TOwner, TField> Getter<TOwner, TField>(FieldInfo field)
    {
        var method = new DynamicMethod("get_" + field.Name, typeof(TField), [typeof(object), typeof(TOwner).MakeByRefType()], typeof(FieldAccessors).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1);
        if (!typeof(TOwner).IsValueType)
        {
            il.Emit(OpCodes.Ldind_Ref);
        }

        il.Emit(OpCodes.Ldfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<FieldGetter<TOwner, TField>>(Target);
    }

    public static FieldSetter<TOwner, TField> Setter<TOwner, TField>(FieldInfo field)
    {
        var method = new DynamicMethod("set_" + field.Name, null, [typeof(object), typeof(TOwner).MakeByRefType(), typeof(TField)], typeof(FieldAccessors).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_1);
        if (!typeof(TOwner).IsValueType)
        {
            il.Emit(OpCodes.Ldind_Ref);
        }

        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Stfld, field);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<FieldSetter<TOwner, TField>>(Target);
    }

    /// <summary>
    /// A factory for new instances: the parameterless constructor if there is one (of any visibility, so field
    /// initializers run and members added later keep their defaults), otherwise an uninitialized object.
    /// </summary>
    public static Func<T> Factory<T>()
    {
        var type = typeof(T);
        if (type.IsValueType)
        {
            return static () => default!;
        }

        var constructor = type.GetConstructor(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, Type.EmptyTypes);
        if (constructor is null)
        {
            return static () => (T)System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(typeof(T));
        }

        var method = new DynamicMethod("new_" + type.Name, type, [typeof(object)], typeof(FieldAccessors).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Newobj, constructor);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<Func<T>>(Target);
    }
}
