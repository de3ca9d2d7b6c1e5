using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Decides which types named in a pickle may be created: .NET's reviewed data types (<see cref="ReviewedTypes"/>), the
/// types and assemblies the options allow, types marked <see cref="PicklableAttribute"/>, and the declared type being
/// loaded (with its generic arguments). The gadget types <see cref="ReviewedTypes"/> lists — types that run code or
/// touch the system when they are created or populated — are refused whatever allows them, where a pickle names them
/// and (through <see cref="RefusedTypesResolver"/>) where a class declares them.
/// </summary>
internal sealed class TypePolicy
{
    private static readonly ConditionalWeakTable<PickleOptions, TypePolicy> Policies = [];

    private readonly HashSet<Type> _types;
    private readonly HashSet<Assembly> _assemblies;

    private TypePolicy(PickleOptions options)
    {
        _types = [.. options.AllowedTypes];
        _assemblies = [.. options.AllowedAssemblies];
    }

    public static TypePolicy For(PickleOptions options) => Policies.GetValue(options, static o => new TypePolicy(o));

    /// <summary>
    /// True if a pickle may never name <paramref name="type"/>: it is, derives from or is built from a known gadget type
    /// (<see cref="GadgetIn"/>), or it is a pointer, a native-sized integer or a COM object.
    /// </summary>
    public static bool IsGadget(Type type) => FindGadget(type, nativeIntegersAreNumbers: false) is not null;

    /// <summary>
    /// The gadget type a declared type is or is built from, recursively through element types and generic arguments
    /// (<c>List&lt;Process&gt;</c>, <c>Dictionary&lt;string, FileInfo[]&gt;</c>, <c>Nullable&lt;...&gt;</c>), or
    /// <see langword="null"/>. Values of such a type are neither dumped nor loaded, so a dump never writes what a load
    /// would refuse. <see cref="nint"/> and <see cref="nuint"/> are numbers here, as Pickle writes them.
    /// </summary>
    public static Type? GadgetIn(Type type) => FindGadget(type, nativeIntegersAreNumbers: true);

    /// <summary>The error for a value of a type that is or holds a gadget type, the same on dump and on load.</summary>
    public static PickleException GadgetError(Type type)
    {
        var gadget = FindGadget(type, nativeIntegersAreNumbers: false) ?? type;
        var what = gadget == type ? "is" : $"holds a {TypeNames.Of(gadget)}, which is";
        return new PickleException(
            $"A {TypeNames.Of(type)} {what} a type Pickle never creates from a file, and so never dumps: creating or filling one can run code or touch the system. " +
            "Leave the member out with [PickleIgnore] or [NonSerialized], or keep what you need of it (a path, a command line) in a member of a safe type. " +
            "A file that holds one was made to attack programs that load it, or was written from unsafe types; do not load it.");
    }

    private static Type? FindGadget(Type type, bool nativeIntegersAreNumbers)
    {
        if (type.IsPointer || type.IsByRef || type.IsCOMObject || (!nativeIntegersAreNumbers && (type == typeof(IntPtr) || type == typeof(UIntPtr))))
        {
            return type;
        }

        if (type.HasElementType)
        {
            return FindGadget(type.GetElementType()!, nativeIntegersAreNumbers);
        }

        if (type.IsConstructedGenericType)
        {
            foreach (var argument in type.GetGenericArguments())
            {
                if (FindGadget(argument, nativeIntegersAreNumbers) is { } gadget)
                {
                    return gadget;
                }
            }
        }

        for (var level = type; level is not null; level = level.BaseType)
        {
            var name = level.IsConstructedGenericType ? level.GetGenericTypeDefinition().FullName : level.FullName;
            if (name is not null && ReviewedTypes.IsGadgetName(name))
            {
                return type;
            }
        }

        return null;
    }

    /// <summary>Throws a <see cref="PickleException"/> unless a pickle may create a <paramref name="type"/> where a <paramref name="declared"/> is expected.</summary>
    public void Check(Type type, Type declared)
    {
        if (IsGadget(type))
        {
            throw GadgetError(type);
        }

        if (!IsAllowed(type, declared))
        {
            var name = TypeNames.Of(type);
            throw new PickleException(
                $"The pickle holds a {name} where a {TypeNames.Of(declared)} is expected, and that type is not allowed to be loaded. " +
                $"If you trust the file and the type, allow it: PickleOptions.Default with {{ AllowedTypes = [typeof({name})] }}, " +
                $"or every type of its assembly with AllowedAssemblies = [typeof({name}).Assembly], or mark the type [Picklable].");
        }
    }

    private bool IsAllowed(Type type, Type declared)
    {
        if (IsPartOf(type, declared) || _types.Contains(type))
        {
            return true;
        }

        if (type.IsArray)
        {
            return IsAllowed(type.GetElementType()!, declared);
        }

        if (type.IsConstructedGenericType)
        {
            return IsAllowedDefinition(type.GetGenericTypeDefinition()) && type.GetGenericArguments().All(argument => IsAllowed(argument, declared));
        }

        return IsAllowedDefinition(type);
    }

    private bool IsAllowedDefinition(Type type) =>
        ReviewedTypes.IsAllowed(type) || type.IsEnum || _types.Contains(type) || _assemblies.Contains(type.Assembly)
        || type.IsDefined(typeof(PicklableAttribute), inherit: false);

    /// <summary>True if <paramref name="type"/> appears in the declared type itself: a generic argument or element type of it.</summary>
    private static bool IsPartOf(Type type, Type declared)
    {
        if (type == declared)
        {
            return true;
        }

        if (declared.HasElementType)
        {
            return IsPartOf(type, declared.GetElementType()!);
        }

        return declared.IsConstructedGenericType && declared.GetGenericArguments().Any(argument => IsPartOf(type, argument));
    }
}
