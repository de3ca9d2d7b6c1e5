using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class SerializationCallbackTests
{
    private static readonly PickleOptions Allowed = PickleOptions.Default with { AllowedAssemblies = [typeof(CallbackRecorder).Assembly] };

    public static readonly TheoryData<EntryPoint, bool> EntryPoints = Matrix();

    [Fact]
    public void Dump_FieldByFieldType_RunsCallbacksInOrder()
    {
        var recorder = new CallbackRecorder { Value = 1 };

        Pickle.DumpToBytes(recorder);

        recorder.Events.Should().Equal("base OnSerializing", "OnSerializing 1", "OnDumping", "OnSerialized");
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_FieldByFieldType_RunsCallbacksInOrderAndEndOfLoadCallbackLast(EntryPoint entryPoint, bool preserveReferences)
    {
        var first = new CallbackRecorder { Value = 1 };
        first.Sibling = new CallbackRecorder { Value = 2 };

        var loaded = entryPoint.RoundTrip(new List<object> { first, first.Sibling }, Allowed with { PreserveReferences = preserveReferences });

        var one = (CallbackRecorder)loaded[0];
        // The first recorder's end-of-load callback sees its sibling, loaded after it, complete: it runs once the whole graph is loaded.
        one.Events.Should().Equal("base OnDeserializing", "OnDeserializing 0", "OnLoaded 1", "OnDeserialized 1", "OnDeserialization, sibling complete");
        ((CallbackRecorder)loaded[1]).Events.Should().EndWith("OnDeserialization, sibling none");
        if (preserveReferences)
        {
            one.Sibling.Should().BeSameAs(loaded[1]);
        }
    }

    [Fact]
    public void RoundTrip_SerializableType_RunsCallbacksAroundGetObjectDataAndConstructor()
    {
        var recorder = new SerializableRecorder(5);

        var loaded = Pickle.LoadFromBytes<SerializableRecorder>(Pickle.DumpToBytes(recorder));

        recorder.Events.Should().Equal("OnSerializing", "GetObjectData", "OnSerialized");
        loaded.Events.Should().Equal("OnDeserializing", "constructor, OnDeserializing ran: True", "OnDeserialized 5", "OnDeserialization");
    }

    [Fact]
    public void Load_Struct_KeepsWhatItsCallbackSet()
    {
        var loaded = Pickle.LoadFromBytes<CallbackStruct>(Pickle.DumpToBytes(new CallbackStruct { Value = 4, LoadedBy = "dump" }));

        loaded.LoadedBy.Should().Be("OnDeserialized 4");
    }

    [Fact]
    public void Load_EndOfLoadCallbackInNestedMember_RunsOnceAfterTheRoot()
    {
        var holder = new SerializableHolder { Items = [new SerializableRecorder(1), new List<object?> { new SerializableRecorder(2) }] };

        var loaded = Pickle.LoadFromBytes<SerializableHolder>(Pickle.DumpToBytes(holder, Allowed), Allowed);

        ((SerializableRecorder)loaded.Items[0]!).Events.Count(e => e == "OnDeserialization").Should().Be(1);
        ((SerializableRecorder)((List<object?>)loaded.Items[1]!)[0]!).Events.Should().EndWith("OnDeserialization");
    }

    [Fact]
    public void Dump_CallbackOfWrongShape_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(new BadCallbackShape());

        act.Should().Throw<PickleException>().WithMessage("*BadCallbackShape*Deserialized*[OnDeserialized]*StreamingContext*");
    }

    [Fact]
    public void Dump_CallbackThatThrows_ThrowsPickleExceptionNamingTheType()
    {
        var act = () => Pickle.DumpToBytes(new ThrowingCallbacks { ThrowAtDump = true });

        act.Should().Throw<PickleException>().WithMessage("*ThrowingCallbacks*[OnSerializing] method threw InvalidOperationException: not now*")
            .WithInnerException<InvalidOperationException>();
    }

    [Fact]
    public void Load_CallbackThatThrows_ThrowsPickleExceptionNamingTheType()
    {
        var bytes = Pickle.DumpToBytes(new ThrowingCallbacks { ThrowAtLoad = true });

        var act = () => Pickle.LoadFromBytes<ThrowingCallbacks>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*ThrowingCallbacks*[OnDeserialized] method threw InvalidOperationException: not loadable*");
    }

    [Fact]
    public void Load_EndOfLoadCallbackThatThrows_ThrowsPickleExceptionNamingTheType()
    {
        var bytes = Pickle.DumpToBytes(new ThrowingDeserializationCallback { Value = 1 });

        var act = () => Pickle.LoadFromBytes<ThrowingDeserializationCallback>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*ThrowingDeserializationCallback*OnDeserialization threw InvalidOperationException: broken invariant*");
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
