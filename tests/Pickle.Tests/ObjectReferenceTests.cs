using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class ObjectReferenceTests
{
    private static readonly PickleOptions Allowed = PickleOptions.Default with { AllowedAssemblies = [typeof(CanonicalColour).Assembly] };

    public static readonly TheoryData<EntryPoint, bool> EntryPoints = Matrix();

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_ObjectReference_GivesTheRealObjectToEveryReference(EntryPoint entryPoint, bool preserveReferences)
    {
        var copy = new CanonicalColour { Name = "red" };
        var holder = new SerializableHolder { Anything = copy, Items = [copy, new CanonicalColour { Name = "green" }, copy] };

        var loaded = entryPoint.RoundTrip(holder, Allowed with { PreserveReferences = preserveReferences });

        loaded.Anything.Should().BeSameAs(CanonicalColour.Red);
        loaded.Items[0].Should().BeSameAs(CanonicalColour.Red);
        loaded.Items[1].Should().BeSameAs(CanonicalColour.Green);
        loaded.Items[2].Should().BeSameAs(CanonicalColour.Red);
    }

    [Fact]
    public void Load_RootObjectReference_GivesTheRealObject()
    {
        Pickle.LoadFromBytes<CanonicalColour>(Pickle.DumpToBytes(new CanonicalColour { Name = "green" })).Should().BeSameAs(CanonicalColour.Green);
    }

    [Fact]
    public void Load_RealObjectOfWrongType_ThrowsPickleException()
    {
        var act = () => Pickle.LoadFromBytes<WrongRealObject>(Pickle.DumpToBytes(new WrongRealObject { Value = 1 }));

        act.Should().Throw<PickleException>().WithMessage("*WrongRealObject*gave a System.String from GetRealObject where a Pickling.Tests.Models.WrongRealObject is expected*");
    }

    [Fact]
    public void Load_EndlessObjectReference_ThrowsPickleException()
    {
        var act = () => Pickle.LoadFromBytes<EndlessReference>(Pickle.DumpToBytes(new EndlessReference()));

        act.Should().Throw<PickleException>().WithMessage("*EndlessReference*32 times*");
    }

    [Fact]
    public void Load_ObjectReferenceReferredToFromInsideItself_ThrowsPickleException()
    {
        var node = new SelfReferringColour();
        node.Self = node;
        var options = Allowed with { PreserveReferences = true };

        var act = () => Pickle.LoadFromBytes<object>(Pickle.DumpToBytes<object>(node, options), options);

        act.Should().Throw<PickleException>().WithMessage("*SelfReferringColour from inside it*IObjectReference*");
    }

    private static TheoryData<EntryPoint, bool> Matrix()
    {
        var data = new TheoryData<EntryPoint, bool>();
        foreach (var entryPoint in EntryPoint.All)
        {
            data.Add(entryPoint, false);
            data.Add(entryPoint, true);
        }

        return data;
    }
}
