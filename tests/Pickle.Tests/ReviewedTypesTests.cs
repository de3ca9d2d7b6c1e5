using System.Data;
using System.Diagnostics;
using System.Security.Claims;
using System.Security.Principal;
using System.Text.RegularExpressions;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// The reviewed list (Security/ReviewedTypes.cs, README "The reviewed types"): every gadget it names is refused on
/// dump and on load, even with its assembly allowed or marked as allowed by type, alone, derived from, in generic
/// arguments and in arrays; the data types it allows are allowed where only <see cref="object"/> is declared; and
/// the README lists every type of the deny-list.
/// </summary>
public partial class ReviewedTypesTests
{
    public static TheoryData<string> GadgetNames => [.. ReviewedTypes.Gadgets.Keys];

    /// <summary>Gadgets that .NET ships, named in a file by their assembly-qualified name.</summary>
    public static TheoryData<string> ShippedGadgets => new()
    {
        typeof(ClaimsIdentity).AssemblyQualifiedName!,
        typeof(ClaimsPrincipal).AssemblyQualifiedName!,
        typeof(GenericIdentity).AssemblyQualifiedName!,
        typeof(GenericPrincipal).AssemblyQualifiedName!,
        typeof(DataSet).AssemblyQualifiedName!,
        typeof(DataTable).AssemblyQualifiedName!,
        typeof(DataViewManager).AssemblyQualifiedName!,
        typeof(Process).AssemblyQualifiedName!,
        typeof(ProcessStartInfo).AssemblyQualifiedName!,
        typeof(FileInfo).AssemblyQualifiedName!,
        typeof(DirectoryInfo).AssemblyQualifiedName!,
        typeof(System.Resources.ResourceSet).AssemblyQualifiedName!,
        typeof(System.Resources.ResourceReader).AssemblyQualifiedName!,
        typeof(System.Xml.XmlDocument).AssemblyQualifiedName!,
        typeof(Comparer<int>).Assembly.GetType("System.Collections.Generic.ComparisonComparer`1")!.MakeGenericType(typeof(int)).AssemblyQualifiedName!,
        typeof(System.Collections.Generic.List<DataSet>).AssemblyQualifiedName!,
        typeof(Dictionary<string, ClaimsPrincipal[]>).AssemblyQualifiedName!,
        typeof(KeyValuePair<int, GenericIdentity>?).AssemblyQualifiedName!,
        typeof(Action).AssemblyQualifiedName!,
    };

    [Theory]
    [MemberData(nameof(GadgetNames))]
    public void Dump_GadgetStandInEvenWithItsAssemblyAllowed_ThrowsPickleException(string name)
    {
        var options = PickleOptions.Default with { AllowedAssemblies = [GadgetStandIns.Assembly] };
        var gadget = Activator.CreateInstance(GadgetStandIns.For(name));

        var act = () => Pickle.DumpToBytes(new BclHolder { Value = gadget }, options);

        act.Should().Throw<PickleException>().WithMessage("*never creates*");
    }

    /// <summary>
    /// Pickle resolves names in a file only to assemblies loaded from files, never to one made at run time, so the
    /// stand-ins are checked by the policy's own check, the one a load calls for each type a file names;
    /// <see cref="Load_ShippedGadgetNamedInAFrameEvenWithItsAssemblyAllowed_ThrowsPickleException"/> loads frames.
    /// </summary>
    [Theory]
    [MemberData(nameof(GadgetNames))]
    public void Load_GadgetStandInEvenWithItsAssemblyAndTypeAllowed_IsRefusedAlone(string name)
    {
        var type = GadgetStandIns.For(name);
        var policy = TypePolicy.For(PickleOptions.Default with { AllowedAssemblies = [type.Assembly], AllowedTypes = [type] });

        var act = () => policy.Check(type, typeof(object));

        act.Should().Throw<PickleException>().WithMessage("*never creates*");
    }

    [Theory]
    [MemberData(nameof(GadgetNames))]
    public void Load_GadgetStandInInGenericArgumentsAndArrays_IsRefused(string name)
    {
        var type = GadgetStandIns.For(name);
        var policy = TypePolicy.For(PickleOptions.Default with { AllowedAssemblies = [type.Assembly], AllowedTypes = [type] });

        foreach (var holder in (Type[])[type.MakeArrayType(), typeof(List<>).MakeGenericType(type), typeof(Dictionary<,>).MakeGenericType(typeof(string), type.MakeArrayType()),
                     typeof(KeyValuePair<,>).MakeGenericType(typeof(int), typeof(Tuple<>).MakeGenericType(type))])
        {
            var act = () => policy.Check(holder, typeof(object));

            act.Should().Throw<PickleException>($"a {holder} holds the gadget {name}").WithMessage("*never creates*");
        }
    }

    [Theory]
    [MemberData(nameof(ShippedGadgets))]
    public void Load_ShippedGadgetNamedInAFrameEvenWithItsAssemblyAllowed_ThrowsPickleException(string name)
    {
        var type = Type.GetType(name, throwOnError: true)!;
        var options = PickleOptions.Default with { AllowedAssemblies = [type.Assembly, typeof(object).Assembly], AllowedTypes = [type] };
        var frame = PayloadTools.Frame(PayloadTools.Tagged(name, [0x80]));

        var act = () => Pickle.LoadFromBytes<object>(frame, options);

        act.Should().Throw<PickleException>().WithMessage("*never creates*");
    }

    [Fact]
    public void Dump_ClassDerivedFromDataSet_ThrowsPickleException()
    {
        var options = PickleOptions.Default with { AllowedTypes = [typeof(TypedDataSet)] };

        var act = () => Pickle.DumpToBytes<object>(new TypedDataSet(), options);

        act.Should().Throw<PickleException>().WithMessage("*never creates*");
    }

    [Fact]
    public void Dump_SortedSetWithAComparerFromADelegate_ThrowsPickleException()
    {
        var set = new SortedSet<string>(Comparer<string>.Create(string.CompareOrdinal)) { "a" };

        var act = () => Pickle.DumpToBytes<object>(set);

        act.Should().Throw<PickleException>().WithMessage("*delegate*");
    }

    [Fact]
    public void Dump_SecurityExceptionWithAPermissionType_ThrowsPickleException()
    {
        var exception = new System.Security.SecurityException("denied", typeof(Process));

        var act = () => Pickle.DumpToBytes<object>(exception);

        act.Should().Throw<PickleException>().WithMessage("*System.Type*");
    }

    [Fact]
    public void Dump_WeakReferenceToAGadget_ThrowsPickleException()
    {
        using var process = new Process();

        var act = () => Pickle.DumpToBytes(new BclHolder { Value = new WeakReference(process) });

        act.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_ExceptionOfDotNetNamedInAFile_IsAllowedByDefault()
    {
        var act = () => TypePolicy.For(PickleOptions.Default).Check(typeof(InvalidOperationException), typeof(object));

        act.Should().NotThrow();
    }

    [Fact]
    public void Load_ExceptionOfAProgramsOwnNamedInAFile_IsNotAllowedByDefault()
    {
        var act = () => TypePolicy.For(PickleOptions.Default).Check(typeof(ModelException), typeof(object));

        act.Should().Throw<PickleException>().WithMessage("*not allowed*AllowedTypes*");
    }

    [Fact]
    public void ReviewedTypes_AllowedTypes_AreNoGadgets()
    {
        ReviewedTypes.Allowed.Where(TypePolicy.IsGadget).Should().BeEmpty();
    }

    [Fact]
    public void Readme_ReviewedTypesSection_ListsEveryTypeOfTheDenyListAndEveryNamespace()
    {
        var readme = File.ReadAllText(Path.Combine(ProjectDirectory(), "..", "..", "README.md"));
        var section = Section().Match(readme);
        section.Success.Should().BeTrue("the README has a section \"### The reviewed types\"");

        var listed = Code().Matches(section.Value).Select(m => m.Groups["name"].Value.Trim()).ToHashSet(StringComparer.Ordinal);

        ReviewedTypes.Gadgets.Keys.Where(name => !listed.Contains(name)).Should().BeEmpty("the README lists each refused type as `Full.Name`");
        ReviewedTypes.GadgetNamespaces.Where(prefix => !listed.Contains(prefix + "*")).Should().BeEmpty("the README lists each refused namespace as `Namespace.*`");
    }

    private static string ProjectDirectory() =>
        typeof(ReviewedTypesTests).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!;

    [GeneratedRegex(@"^### The reviewed types$.*?(?=^##)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex Section();

    /// <summary>A code span: <c>`Name`</c>, or <c>`` Name`1 ``</c> for a name with a backtick.</summary>
    [GeneratedRegex("``(?<name>[^`]+`[^`]+)``|`(?<name>[^`]+)`")]
    private static partial Regex Code();

    public sealed class TypedDataSet : DataSet;

    public sealed class ModelException : Exception;
}
