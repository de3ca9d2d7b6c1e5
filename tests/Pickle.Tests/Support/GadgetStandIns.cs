using System.Reflection;
using System.Reflection.Emit;

namespace Pickling.Tests.Support;

/// <summary>
/// A type of the same full name as each gadget the deny-list names, made at run time in an assembly of its own: most
/// gadgets live in assemblies .NET does not ship (WPF, PowerShell, System.Web), and the list refuses them by name, so a
/// stand-in proves the name is refused, wherever its type comes from. Generic names get that many type parameters;
/// nested names ('+') an outer type.
/// </summary>
public static class GadgetStandIns
{
    private static readonly Lazy<IReadOnlyDictionary<string, Type>> Types = new(Build);

    /// <summary>The assembly the stand-ins are defined in, to allow it as a program would allow its own.</summary>
    public static Assembly Assembly => Types.Value.Values.First().Assembly;

    /// <summary>The stand-in of the gadget named <paramref name="fullName"/>, closed over <see cref="int"/> if it is generic.</summary>
    public static Type For(string fullName) => Types.Value[fullName];

    private static Dictionary<string, Type> Build()
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Pickle.Tests.GadgetStandIns"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Pickle.Tests.GadgetStandIns");
        var types = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var name in Pickling.Internal.MessagePack.ReviewedTypes.Gadgets.Keys)
        {
            types[name] = Define(module, name);
        }

        return types;
    }

    private static Type Define(ModuleBuilder module, string fullName)
    {
        var plus = fullName.IndexOf('+', StringComparison.Ordinal);
        TypeBuilder builder;
        if (plus < 0)
        {
            builder = module.DefineType(fullName, TypeAttributes.Public | TypeAttributes.Class);
        }
        else
        {
            var outer = module.DefineType(fullName[..plus], TypeAttributes.Public | TypeAttributes.Class);
            builder = outer.DefineNestedType(fullName[(plus + 1)..], TypeAttributes.NestedPublic | TypeAttributes.Class);
            outer.CreateType();
        }

        var tick = fullName.LastIndexOf('`');
        var arity = tick < 0 ? 0 : int.Parse(fullName[(tick + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        if (arity > 0)
        {
            builder.DefineGenericParameters([.. Enumerable.Range(0, arity).Select(i => "T" + i)]);
        }

        builder.DefineDefaultConstructor(MethodAttributes.Public);
        var type = builder.CreateType();
        return arity == 0 ? type : type.MakeGenericType([.. Enumerable.Repeat(typeof(int), arity)]);
    }
}
