using System.Diagnostics;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class TypePolicyTests
{
    public static TheoryData<string> GadgetTypeNames => new()
    {
        "System.Diagnostics.Process, System.Diagnostics.Process",
        "System.Diagnostics.ProcessStartInfo, System.Diagnostics.Process",
        "System.IO.FileInfo",
        "System.IO.DirectoryInfo",
        "System.Security.Claims.ClaimsIdentity, System.Security.Claims",
        "System.Security.Claims.ClaimsPrincipal, System.Security.Claims",
        "System.Action",
        "System.Func`1[[System.Int32]]",
        "System.RuntimeType",
        "System.Reflection.RuntimeAssembly",
        "System.Collections.Generic.List`1[[System.Diagnostics.Process, System.Diagnostics.Process]]",
        "System.Diagnostics.Process[], System.Diagnostics.Process",
        "System.IO.FileStream",
    };

    [Theory]
    [MemberData(nameof(GadgetTypeNames))]
    public void Load_GadgetTypeEvenWhenItsAssemblyIsAllowed_ThrowsPickleException(string typeName)
    {
        _ = typeof(Process);
        _ = typeof(System.Security.Claims.ClaimsIdentity);
        var options = PickleOptions.Default with
        {
            AllowedAssemblies = [typeof(object).Assembly, typeof(Process).Assembly, typeof(System.Security.Claims.ClaimsIdentity).Assembly],
            AllowedTypes = [typeof(Process), typeof(FileInfo)],
        };
        var bytes = PayloadTools.Frame(PayloadTools.Tagged(typeName, [0x80]));

        var act = () => Pickle.LoadFromBytes<object>(bytes, options);

        act.Should().Throw<PickleException>().WithMessage("*never creates*");
    }

    [Fact]
    public void Load_UnmarkedClassNotAllowed_ThrowsPickleExceptionShowingHowToAllowIt()
    {
        // A writer that allows the type; this reader does not.
        var bytes = Pickle.DumpToBytes(new Zoo { Star = new Parrot { Name = "Polly" } }, PickleOptions.Default with { AllowedTypes = [typeof(Parrot)] });

        var act = () => Pickle.LoadFromBytes<Zoo>(bytes);

        act.Should().Throw<PickleException>()
            .WithMessage("*Pickling.Tests.Models.Parrot*AllowedTypes = [typeof(Pickling.Tests.Models.Parrot)]*AllowedAssemblies*[Picklable]*");
    }

    [Fact]
    public void Load_UnmarkedClassAllowedByType_Loads()
    {
        var options = PickleOptions.Default with { AllowedTypes = [typeof(Parrot)] };
        var bytes = Pickle.DumpToBytes(new Zoo { Star = new Parrot { Name = "Polly" } }, options);

        Pickle.LoadFromBytes<Zoo>(bytes, options).Star.Should().BeOfType<Parrot>();
    }

    [Fact]
    public void Load_UnmarkedClassAllowedByAssembly_Loads()
    {
        var options = PickleOptions.Default with { AllowedAssemblies = [typeof(Parrot).Assembly] };
        var bytes = Pickle.DumpToBytes<object>(new List<Animal> { new Parrot { Name = "Polly" } }, options);

        Pickle.LoadFromBytes<object>(bytes, options).Should().BeOfType<List<Animal>>().Which[0].Should().BeOfType<Parrot>();
    }

    [Fact]
    public void LoadObject_UserClassNotAllowed_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes(new PositionalPerson("Ada", 36));

        var act = () => Pickle.LoadFromBytes<object>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*PositionalPerson*not allowed*");
    }

    [Fact]
    public void Load_OpenGenericAllowed_AllowsItsInstantiationsOverAllowedTypes()
    {
        var options = PickleOptions.Default with { AllowedTypes = [typeof(Box<>)] };
        var bytes = Pickle.DumpToBytes<object>(new Box<int> { Value = 3 }, options);

        Pickle.LoadFromBytes<object>(bytes, options).Should().BeOfType<Box<int>>().Which.Value.Should().Be(3);
        var act = () => Pickle.DumpToBytes<object>(new Box<Parrot>(), options);
        act.Should().Throw<PickleException>().WithMessage("*Box<Pickling.Tests.Models.Parrot>*");
    }

    [Fact]
    public void Load_TypeNameWithOtherAssemblyVersion_StillResolves()
    {
        var bytes = PayloadTools.Frame(PayloadTools.Tagged(
            "Pickling.Tests.Models.Dog, Pickle.Tests, Version=99.0.0.0, Culture=neutral, PublicKeyToken=null", PayloadTools.Map(("Name", "Rex"))));

        Pickle.LoadFromBytes<Animal>(bytes).Should().BeOfType<Dog>().Which.Name.Should().Be("Rex");
    }

    [Fact]
    public void Dump_TypeName_HoldsNoAssemblyVersion()
    {
        var text = System.Text.Encoding.UTF8.GetString(Pickle.DumpToBytes<object>(new List<Dog> { new() }));

        text.Should().Contain("Pickling.Tests.Models.Dog, Pickle.Tests").And.NotContain("Version=");
    }

    [Fact]
    public void Load_AssemblyNotLoaded_IsNotLoadedByName()
    {
        var bytes = PayloadTools.Frame(PayloadTools.Tagged("Some.Type, System.Private.Xml.Linq.NotThere", [0x80]));

        var act = () => Pickle.LoadFromBytes<object>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*no assembly loaded*");
    }

    [Fact]
    public void Load_OverlongTypeName_ThrowsPickleException()
    {
        var bytes = PayloadTools.Frame(PayloadTools.Tagged(new string('A', 5000), [0x80]));

        var act = () => Pickle.LoadFromBytes<object>(bytes);

        act.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_TypeIndexNeverDefined_ThrowsPickleException()
    {
        var payload = PayloadTools.Write((ref MessagePack.MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            PayloadTools.WriteHeader(ref writer, null, 5);
            writer.WriteMapHeader(0);
        });

        var act = () => Pickle.LoadFromBytes<object>(PayloadTools.Frame(payload));

        act.Should().Throw<PickleException>().WithMessage("*type #5*");
    }

    [Fact]
    public void Load_MalformedHeader_ThrowsPickleException()
    {
        var payload = PayloadTools.Write((ref MessagePack.MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            writer.WriteExtensionFormatHeader(new MessagePack.ExtensionHeader(80, 1));
            writer.WriteRaw([0xc0]);
            writer.WriteNil();
        });

        var act = () => Pickle.LoadFromBytes<object>(PayloadTools.Frame(payload));

        act.Should().Throw<PickleException>().WithMessage("*malformed*");
    }
}
