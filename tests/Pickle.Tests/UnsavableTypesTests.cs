using System.Globalization;
using System.Numerics;
using System.Text;
using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>No type falls back to a resolver that would save it in part: it is saved whole, or refused at dump and at load.</summary>
public class UnsavableTypesTests
{
    private static readonly PickleOptions AllowedCore = PickleOptions.Default with { AllowedAssemblies = [typeof(object).Assembly, typeof(UnsavableTypesTests).Assembly] };

    public static readonly TheoryData<string, object> Refused = new()
    {
        { "a culture", CultureInfo.GetCultureInfo("fr-FR") },
        { "an encoding", new UTF8Encoding(true) },
        { "a random number generator", new Random(3) },
        { "a cancellation source", new CancellationTokenSource() },
        { "an index, a struct not marked serializable", Index.FromEnd(2) },
        { "an attribute", new ObsoleteAttribute("old") },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Dump_TypeNotSavedWhole_ThrowsPickleExceptionNamingTheTypeAndWhatToDo(string situation, object value)
    {
        var act = () => Pickle.DumpToBytes(new SerializableHolder { Anything = value }, AllowedCore);

        act.Should().Throw<PickleException>(situation).WithMessage($"*Pickle cannot save a {value.GetType().FullName}*[PickleIgnore]*PickleConverter*");
    }

    [Fact]
    public void Load_TypeNotSavedWhole_ThrowsPickleException()
    {
        var payload = PayloadTools.Tagged("System.Globalization.CultureInfo", PayloadTools.Map(("_name", "fr-FR")));

        var act = () => Pickle.LoadFromBytes<object>(PayloadTools.Frame(payload), AllowedCore);

        act.Should().Throw<PickleException>().WithMessage("*Pickle cannot save a System.Globalization.CultureInfo*not marked [Serializable]*");
    }

    [Fact]
    public void Dump_StructNotSavedWholeAsRoot_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(Range.All);

        act.Should().Throw<PickleException>().WithMessage("*Pickle cannot save a System.Range*");
    }

    [Fact]
    public void RoundTrip_VectorsOfPublicFields_KeepTheirMessagePackEncoding()
    {
        var value = (new Vector3(1, 2, 3), Quaternion.Identity, Matrix4x4.CreateScale(2));

        var loaded = Pickle.LoadFromBytes<(Vector3, Quaternion, Matrix4x4)>(Pickle.DumpToBytes(value));

        loaded.Should().Be(value);
        var contractless = MessagePackSerializer.Serialize(new Vector2(1, 2), MessagePack.Resolvers.ContractlessStandardResolver.Options);
        FrameBuilder.Payload(Pickle.DumpToBytes(new Vector2(1, 2))).AsSpan().EndsWith(contractless).Should().BeTrue();
    }
}
