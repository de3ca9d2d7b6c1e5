using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.ComponentModel;
using System.Data.SqlTypes;
using System.Drawing;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The one reviewed list of .NET's types (README, "The reviewed types"): those a pickle may create by default, where
/// any type is declared (<see cref="object"/>, abstract and interface members included), and the gadgets it never
/// creates, whatever allows them. Each was reviewed against the published deserialization gadget lists
/// (ysoserial.net, YSoNet): a type allowed here runs no code of its own when Pickle fills it, holds no delegate, type,
/// stream, handle or file, and its members of type <see cref="object"/> are checked as any other.
/// <see cref="TypePolicy"/> consults this list; nothing else decides it.
/// </summary>
internal static class ReviewedTypes
{
    /// <summary>.NET's data types allowed by default: generic definitions stand for every construction over allowed arguments.</summary>
    public static IReadOnlySet<Type> Allowed => AllowedTypes.Set;

    /// <summary>
    /// Base types whose .NET-made derived types are allowed too (<see cref="IsFromDotNet"/>): the exceptions, and the
    /// collections built on the non-generic collection bases. A program's own derived types are allowed as any of its types.
    /// </summary>
    public static IReadOnlyList<Type> AllowedFamilies => AllowedTypes.Families;

    /// <summary>
    /// Full names of the types, and base types, never created from a pickle, however they are allowed, with the reason
    /// per group (generic definitions by their name with the arity, nested types with '+').
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Gadgets = Group(
        ("run a program, or load code or markup that does", [
            "System.Diagnostics.Process", "System.Diagnostics.ProcessStartInfo", "System.Windows.Data.ObjectDataProvider",
            "System.Windows.Markup.XamlReader", "System.Windows.ResourceDictionary", "System.Configuration.Install.AssemblyInstaller",
            "System.CodeDom.Compiler.CompilerResults", "System.CodeDom.Compiler.TempFileCollection",
            "System.Activities.Presentation.WorkflowDesigner", "System.Windows.Forms.BindingSource", "System.Windows.Forms.AxHost+State",
            "System.Management.Automation.PSObject", "Microsoft.VisualStudio.Text.Formatting.TextFormattingRunProperties",
            "System.Drawing.Design.ToolboxItemContainer", "System.Data.Services.Internal.ExpandedWrapper`2",
        ]),
        ("deserialize a nested payload with an unsafe formatter, or are such a formatter", [
            "System.Security.Claims.ClaimsIdentity", "System.Security.Claims.ClaimsPrincipal", "System.Security.Principal.WindowsIdentity",
            "System.Security.Principal.WindowsPrincipal", "System.Security.Principal.GenericIdentity", "System.Security.Principal.GenericPrincipal",
            "Microsoft.IdentityModel.Claims.WindowsClaimsIdentity", "System.Web.Security.RolePrincipal",
            "System.IdentityModel.Tokens.SessionSecurityToken", "System.Data.DataSet", "System.Data.DataTable", "System.Data.DataViewManager",
            "System.Resources.ResourceReader", "System.Resources.ResourceSet", "System.Resources.ResXFileRef", "System.Resources.ResXDataNode",
            "System.Resources.ResXResourceReader", "System.Configuration.SettingsPropertyValue",
            "System.Web.UI.MobileControls.SessionViewState+SessionViewStateHistoryItem", "System.Xml.XmlDocument", "System.Xml.XmlDataDocument",
            "System.Runtime.Serialization.Formatters.Binary.BinaryFormatter", "System.Runtime.Serialization.Formatters.Soap.SoapFormatter",
            "System.Runtime.Serialization.NetDataContractSerializer", "System.Web.UI.ObjectStateFormatter", "System.Web.UI.LosFormatter",
            "System.Runtime.Remoting.ObjRef", "System.Security.Policy.Evidence",
        ]),
        ("are or hold code, types or members: a file must never choose what runs", [
            "System.Delegate", "System.MulticastDelegate", "System.DelegateSerializationHolder", "System.UnitySerializationHolder",
            "System.Reflection.MemberInfoSerializationHolder", "System.Collections.Generic.ComparisonComparer`1", "System.Type",
            "System.Reflection.MemberInfo", "System.Reflection.Assembly", "System.Reflection.Module", "System.Reflection.ParameterInfo",
        ]),
        ("hold files, streams, handles, threads or application domains", [
            "System.IO.FileSystemInfo", "System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.Stream",
            "System.Runtime.InteropServices.SafeHandle", "System.Threading.Thread", "System.Threading.Timer", "System.AppDomain",
        ]));

    /// <summary>Namespaces whose every type is refused: each is built around types that load or run workflows, scripts or remote objects.</summary>
    public static readonly IReadOnlyList<string> GadgetNamespaces =
    [
        "Microsoft.Exchange.", "System.Management.Automation.", "System.Activities.", "System.Workflow.", "System.Reflection.Emit.",
    ];

    /// <summary>The public key tokens .NET's own assemblies are signed with.</summary>
    private static readonly string[] DotNetKeyTokens = ["b77a5c561934e089", "b03f5f7f11d50a3a", "cc7b13ffcd2ddd51", "31bf3856ad364e35", "7cec85d7bea7798e", "adb9793829ddae60"];

    private static readonly ConcurrentDictionary<Assembly, bool> DotNetAssemblies = new();

    /// <summary>True if a pickle may create <paramref name="type"/> (a type, or a generic definition) by default.</summary>
    public static bool IsAllowed(Type type) =>
        Allowed.Contains(type) || (IsFromDotNet(type.Assembly) && AllowedFamilies.Any(family => family.IsAssignableFrom(type)));

    /// <summary>True if <paramref name="name"/>, a type's full name (a generic definition's for a generic type), is or is in a gadget namespace.</summary>
    public static bool IsGadgetName(string name) =>
        Gadgets.ContainsKey(name) || GadgetNamespaces.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>
    /// True for an assembly of .NET's own: named <c>System.*</c>, <c>Microsoft.*</c>, <c>mscorlib</c> or
    /// <c>netstandard</c>, and signed with one of .NET's keys.
    /// </summary>
    private static bool IsFromDotNet(Assembly assembly) => DotNetAssemblies.GetOrAdd(assembly, static a =>
    {
        if (a == typeof(object).Assembly)
        {
            return true;
        }

        var name = a.GetName();
        var simple = name.Name ?? "";
        var token = Convert.ToHexString(name.GetPublicKeyToken() ?? []);
        return (simple.StartsWith("System.", StringComparison.Ordinal) || simple.StartsWith("Microsoft.", StringComparison.Ordinal)
                || simple is "mscorlib" or "netstandard" or "System")
            && DotNetKeyTokens.Contains(token, StringComparer.OrdinalIgnoreCase);
    });

    /// <summary>
    /// The set behind <see cref="Allowed"/> and the list behind <see cref="AllowedFamilies"/>, made when first read
    /// rather than with the gadget names: naming their types loads the assemblies of SqlTypes (and System.Xml with
    /// them), System.Drawing's values, cookies and the non-generic collection bases, which a dump or load of a
    /// program's own types does not need.
    /// </summary>
    private static class AllowedTypes
    {
        public static readonly IReadOnlyList<Type> Families =
            [typeof(Exception), typeof(CollectionBase), typeof(ReadOnlyCollectionBase), typeof(DictionaryBase)];

        public static readonly HashSet<Type> Set =
        [
            // Primitives, numbers, dates and identifiers.
            typeof(object), typeof(string), typeof(bool), typeof(char), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort),
            typeof(int), typeof(uint), typeof(long), typeof(ulong), typeof(float), typeof(double), typeof(decimal), typeof(Half),
            typeof(Int128), typeof(UInt128), typeof(BigInteger), typeof(Complex), typeof(DateTime), typeof(DateTimeOffset),
            typeof(TimeSpan), typeof(DateOnly), typeof(TimeOnly), typeof(Guid), typeof(Uri), typeof(Version), typeof(DBNull), typeof(EventArgs),
            typeof(StringBuilder), typeof(Nullable<>), typeof(KeyValuePair<,>), typeof(DictionaryEntry),

            // Generic collections.
            typeof(List<>), typeof(Dictionary<,>), typeof(HashSet<>), typeof(SortedSet<>), typeof(SortedDictionary<,>),
            typeof(SortedList<,>), typeof(Queue<>), typeof(Stack<>), typeof(LinkedList<>),
            typeof(Collection<>), typeof(ReadOnlyCollection<>), typeof(ObservableCollection<>), typeof(ReadOnlyObservableCollection<>),
            typeof(ReadOnlyDictionary<,>), typeof(BindingList<>),
            typeof(ConcurrentDictionary<,>), typeof(ConcurrentQueue<>), typeof(ConcurrentStack<>), typeof(ConcurrentBag<>),
            typeof(ImmutableArray<>), typeof(ImmutableList<>), typeof(ImmutableDictionary<,>), typeof(ImmutableHashSet<>),
            typeof(ImmutableSortedDictionary<,>), typeof(ImmutableSortedSet<>), typeof(ImmutableQueue<>), typeof(ImmutableStack<>),

            // Tuples.
            typeof(Tuple<>), typeof(Tuple<,>), typeof(Tuple<,,>), typeof(Tuple<,,,>), typeof(Tuple<,,,,>), typeof(Tuple<,,,,,>),
            typeof(Tuple<,,,,,,>), typeof(Tuple<,,,,,,,>), typeof(ValueTuple), typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>),
            typeof(ValueTuple<,,,>), typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>), typeof(ValueTuple<,,,,,,,>),

            // The non-generic collections: hashed ones are written as their entries (LegacyDictionaryFormatters).
            typeof(ArrayList), typeof(Hashtable), typeof(Queue), typeof(Stack), typeof(SortedList), typeof(BitArray),
            typeof(NameValueCollection), typeof(StringCollection), typeof(StringDictionary), typeof(HybridDictionary),
            typeof(ListDictionary), typeof(OrderedDictionary), typeof(BitVector32), typeof(BitVector32.Section),

            // SqlTypes' value structs (not SqlBytes or SqlChars, which can wrap a stream, nor SqlXml, which holds a reader).
            typeof(SqlBinary), typeof(SqlBoolean), typeof(SqlByte), typeof(SqlDateTime), typeof(SqlDecimal), typeof(SqlDouble),
            typeof(SqlGuid), typeof(SqlInt16), typeof(SqlInt32), typeof(SqlInt64), typeof(SqlMoney), typeof(SqlSingle), typeof(SqlString),

            // System.Drawing's value types.
            typeof(Point), typeof(PointF), typeof(Size), typeof(SizeF), typeof(Rectangle), typeof(RectangleF), typeof(Color),

            // Time zones, weak references (their target is checked as any object) and culture data.
            typeof(TimeZoneInfo), typeof(TimeZoneInfo.AdjustmentRule), typeof(TimeZoneInfo.TransitionTime),
            typeof(WeakReference), typeof(WeakReference<>), typeof(CompareInfo),

            // Cookies: strings, dates, a Uri and lists of cookies.
            typeof(System.Net.Cookie), typeof(System.Net.CookieCollection), typeof(System.Net.CookieContainer),

            // .NET's comparers: StringComparer's, the default ones, and the non-generic ones.
            typeof(Comparer), typeof(CaseInsensitiveComparer), typeof(ReferenceEqualityComparer),
            StringComparer.Ordinal.GetType(), StringComparer.OrdinalIgnoreCase.GetType(), StringComparer.InvariantCulture.GetType(),
            Definition(EqualityComparer<int>.Default), Definition(EqualityComparer<string>.Default), Definition(EqualityComparer<int?>.Default),
            Definition(EqualityComparer<DayOfWeek>.Default), Definition(Comparer<int>.Default), Definition(Comparer<object>.Default),
            Definition(Comparer<int?>.Default), Definition(Comparer<DayOfWeek>.Default),
        ];
    }

    private static Type Definition(object comparer)
    {
        var type = comparer.GetType();
        return type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type;
    }

    private static Dictionary<string, string> Group(params (string Reason, string[] Names)[] groups)
    {
        var gadgets = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (reason, names) in groups)
        {
            foreach (var name in names)
            {
                gadgets.Add(name, reason);
            }
        }

        return gadgets;
    }
}
