using System.Reflection;
using System.Runtime.Serialization;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>Which fields of a type Pickle writes, and under which keys.</summary>
internal static class FieldModel
{
    private const BindingFlags DeclaredInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    /// <summary>
    /// True for a class or struct Pickle may dump by field: concrete, not a delegate or a pointer holder (the runtime's
    /// own fields of an exception aside: <see cref="ExceptionFields"/>), and, if it belongs to the .NET libraries,
    /// marked serializable (as BinaryFormatter required) or one of the data types reviewed for Pickle.
    /// </summary>
    public static bool IsEligible(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsArray || type.IsPointer || type.IsByRefLike || type.IsAbstract || type.IsInterface
            || type.ContainsGenericParameters || type == typeof(object) || type == typeof(string) || typeof(Delegate).IsAssignableFrom(type)
            || type.IsDefined(typeof(MessagePackObjectAttribute), inherit: false) || type.IsCOMObject)
        {
            return false;
        }

        // A type of .NET's own is saved by its fields if it is marked serializable (as BinaryFormatter required), or if
        // it is one of the data types reviewed for Pickle, whose fields are their whole state (ReviewedTypes.Allowed).
        if (IsFrameworkType(type) && !IsMarkedSerializable(type) && !ReviewedTypes.Allowed.Contains(type))
        {
            return false;
        }

        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            foreach (var field in level.GetFields(DeclaredInstance))
            {
                if (ExceptionFields.IsRuntimeOnly(field))
                {
                    continue;
                }

                if (field.FieldType.IsPointer || field.FieldType.IsByRef || field.FieldType.IsFunctionPointer || field.FieldType == typeof(IntPtr) || field.FieldType == typeof(UIntPtr))
                {
                    return false;
                }
            }
        }

        return true;
    }

    public static bool IsFrameworkType(Type type)
    {
        var name = AssemblyNames.SimpleName(type.Assembly) ?? "";
        return type.Assembly == typeof(object).Assembly || name is "mscorlib" or "netstandard" or "System"
            || name.StartsWith("System.", StringComparison.Ordinal) || name.StartsWith("Microsoft.", StringComparison.Ordinal);
    }

    public static IReadOnlyList<(string Key, FieldInfo Field)> Fields(Type type)
    {
        var result = new List<(string Key, FieldInfo Field)>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var level = type; level is not null && level != typeof(object) && level != typeof(ValueType); level = level.BaseType)
        {
            var events = level.GetEvents(DeclaredInstance).Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
            foreach (var field in level.GetFields(DeclaredInstance))
            {
                if (IsMarkedNotSerialized(field) || IsIgnored(field) || events.Contains(field.Name) || ExceptionFields.IsRuntimeOnly(field))
                {
                    continue;
                }

                var name = field.Name;
                var property = PropertyOf(name);
                if (property is not null)
                {
                    if (level.GetProperty(property, DeclaredInstance) is { } declared && IsIgnored(declared))
                    {
                        continue;
                    }

                    name = property;
                }

                var key = name;
                if (!used.Add(key))
                {
                    key = level.Name + "." + name;
                    if (!used.Add(key))
                    {
                        key = TypeNames.Of(level) + "." + name;
                        used.Add(key);
                    }
                }

                result.Add((key, field));
            }
        }

        return result;
    }

    /// <summary>
    /// The former names of a field: those its <see cref="PickleFormerNameAttribute"/>s give, and those of the
    /// property it is the backing field of (a record's positional parameter gives them with <c>[property: ...]</c>).
    /// </summary>
    public static IEnumerable<string> FormerNames(FieldInfo field)
    {
        var names = field.GetCustomAttributes<PickleFormerNameAttribute>(inherit: false).Select(a => a.Name);
        return PropertyOf(field.Name) is { } property && field.DeclaringType?.GetProperty(property, DeclaredInstance) is { } declared
            ? names.Concat(declared.GetCustomAttributes<PickleFormerNameAttribute>(inherit: false).Select(a => a.Name))
            : names;
    }

    /// <summary>The property behind a compiler-generated backing field (<c>&lt;Name&gt;k__BackingField</c>), if any.</summary>
    private static string? PropertyOf(string fieldName)
    {
        if (fieldName.StartsWith('<'))
        {
            var end = fieldName.IndexOf('>', StringComparison.Ordinal);
            if (end > 1)
            {
                return fieldName[1..end];
            }
        }

        return null;
    }

    // [Serializable] and [NonSerialized] are the markers Pickle honours; the formatter they were made for is not used.
#pragma warning disable SYSLIB0050
    public static bool IsMarkedSerializable(Type type) => type.IsSerializable;

    private static bool IsMarkedNotSerialized(FieldInfo field) => field.IsNotSerialized;
#pragma warning restore SYSLIB0050

    private static bool IsIgnored(MemberInfo member) =>
        member.IsDefined(typeof(PickleIgnoreAttribute), inherit: true)
        || member.IsDefined(typeof(IgnoreDataMemberAttribute), inherit: true)
        || member.IsDefined(typeof(IgnoreMemberAttribute), inherit: true);
}
