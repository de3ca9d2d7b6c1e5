using MessagePack;
using MessagePack.Formatters;
using Pickling.Internal;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class GraphStateTests
{
    [Fact]
    public void Start_AfterACallWithEverySetting_HoldsNoneOfThatCallsSettings()
    {
        var first = PickleOptions.Default with
        {
            Converters = [PickleConverter.FromFormatter(new UriTextFormatter())],
            TypeAliases = new Dictionary<string, Type> { ["Old.Name, Old"] = typeof(Uri) },
        };
        var converters = ConverterResolver.For(first.Converters, PickleResolver.Instance);
        using var buffer = new SegmentedBuffer();
        var state = new GraphState(first, converters, buffer, verifier: null, numbersObjects: true);
        state.TryAddWritten(new object(), out _).Should().BeTrue();

        state.Empty();
        state.Start(PickleOptions.Default with { PreserveReferences = false }, converters: null, borrowingBuffer: null, verifier: null, numbersObjects: false);

        state.ConverterFor<Uri>().Should().BeNull();
        state.TypeAliases.Should().BeNull();
        state.BorrowingBuffer.Should().BeNull();
        state.Verifier.Should().BeNull();
        state.PreserveReferences.Should().BeFalse();
        state.NumbersObjects.Should().BeFalse();
        state.TryAddWritten(new object(), out var number).Should().BeTrue();
        number.Should().Be(0, "the objects of the call before are forgotten");
    }

    [Fact]
    public void Empty_AfterALoadThatNumberedObjects_NextLoadNumbersFromZero()
    {
        var state = new GraphState(PickleOptions.Default, converters: null, numbersObjects: true);
        state.ReserveNext().Should().Be(0);
        state.ReserveNext().Should().Be(1);

        state.Empty();
        state.Start(PickleOptions.Default, converters: null, borrowingBuffer: null, verifier: null, numbersObjects: true);

        state.ReserveNext().Should().Be(0);
    }

    private sealed class UriTextFormatter : IMessagePackFormatter<Uri>
    {
        public void Serialize(ref MessagePackWriter writer, Uri value, MessagePackSerializerOptions options) => writer.Write(value.OriginalString);

        public Uri Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) => new(reader.ReadString()!);
    }
}
