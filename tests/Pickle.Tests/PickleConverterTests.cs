using Pickling.Tests.Models;

namespace Pickling.Tests;

public class PickleConverterTests
{
    [Fact]
    public void Load_TypeWithSurrogate_UsesTheSurrogateAtAnyDepth()
    {
        var options = PickleOptions.Default with { Converters = [new TemperatureSurrogate()] };
        var thermometer = new Thermometer { Reading = Temperature.FromKelvin(300), History = [Temperature.FromKelvin(1), Temperature.FromKelvin(2)] };

        var loaded = Pickle.LoadFromBytes<Thermometer>(Pickle.DumpToBytes(thermometer, options), options);

        loaded.Reading!.Kelvin.Should().Be(300);
        loaded.History.Select(t => t.Kelvin).Should().Equal(1, 2);
    }

    [Fact]
    public void Load_RootValueWithSurrogate_UsesTheSurrogate()
    {
        var options = PickleOptions.Default with { Converters = [new TemperatureSurrogate()] };

        var loaded = Pickle.LoadFromBytes<Temperature>(Pickle.DumpToBytes(Temperature.FromKelvin(3), options), options);

        loaded.Kelvin.Should().Be(3);
    }

    [Fact]
    public void Load_SurrogateInObjectMember_UsesTheSurrogate()
    {
        var options = PickleOptions.Default with { Converters = [new TemperatureSurrogate()], AllowedTypes = [typeof(Temperature)] };

        var loaded = Pickle.LoadFromBytes<object>(Pickle.DumpToBytes<object>(Temperature.FromKelvin(5), options), options);

        loaded.Should().BeOfType<Temperature>().Which.Kelvin.Should().Be(5);
    }

    [Fact]
    public void Load_MessagePackFormatterConverter_IsUsed()
    {
        var options = PickleOptions.Default with { Converters = [PickleConverter.FromFormatter(new UpperCaseFormatter())] };

        var loaded = Pickle.LoadFromBytes<List<string>>(Pickle.DumpToBytes(new List<string> { "a", "b" }, options), options);

        loaded.Should().Equal("A!", "B!");
    }

    [Fact]
    public void Load_ConvertersForScalarFieldTypes_AreUsedForFields()
    {
        var options = PickleOptions.Default with
        {
            Converters = [PickleConverter.FromFormatter(new UpperCaseFormatter()), PickleConverter.FromFormatter(new NegatingFormatter())],
        };
        var value = new ScalarFields { Count = 5, Total = 6, Text = "a" };

        var loaded = Pickle.LoadFromBytes<ScalarFields>(Pickle.DumpToBytes(value, options), options);

        loaded.Count.Should().Be(5, "the converter negates on dump and again on load");
        loaded.Text.Should().Be("A!");
        loaded.Total.Should().Be(6);
        Pickle.LoadFromBytes<ScalarFields>(Pickle.DumpToBytes(value, options)).Count.Should().Be(-5, "without the converter the negated value is read as it is");
    }

    [Fact]
    public void Dump_ConverterDumpingInsideADeepValue_NestedDumpCountsOnlyItsOwnDepth()
    {
        // 300 levels outside and a 400-link chain inside: each dump stays within MaxDepth (500), together they do not.
        var options = PickleOptions.Default with { Converters = [new PickledChainSurrogate()] };
        var root = Nest.Around(new PickledChain { Chain = ChainLink.Chain(400) }, 300);

        var loaded = Pickle.LoadFromBytes<Nest>(Pickle.DumpToBytes(root, options), options);

        var innermost = loaded;
        for (var i = 1; i < 300; i++)
        {
            innermost = innermost.Inner!;
        }

        innermost.Payload!.Chain.Should().BeEquivalentTo(ChainLink.Chain(400), o => o.AllowingInfiniteRecursion());
    }

    [Fact]
    public void Dump_CycleAfterAConverterDumpedInside_ThrowsPickleExceptionNamingTheOuterPath()
    {
        var options = PickleOptions.Default with { Converters = [new PickledChainSurrogate()], PreserveReferences = false };
        var root = new Nest { Payload = new PickledChain { Chain = ChainLink.Chain(3) } };
        root.Inner = new Nest { Payload = new PickledChain(), Inner = root };

        var act = () => Pickle.DumpToBytes(root, options);

        act.Should().Throw<PickleException>().WithMessage("*cycle*Pickling.Tests.Models.Nest.Inner.Inner leads back*");
    }

    [Fact]
    public void FromFormatter_Null_ThrowsArgumentNullException()
    {
        var act = () => PickleConverter.FromFormatter<int>(null!);

        act.Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void Options_NullCollections_ThrowArgumentNullException()
    {
        ((Action)(() => _ = PickleOptions.Default with { Converters = null! })).Should().Throw<ArgumentNullException>();
        ((Action)(() => _ = PickleOptions.Default with { AllowedTypes = null! })).Should().Throw<ArgumentNullException>();
        ((Action)(() => _ = PickleOptions.Default with { AllowedAssemblies = null! })).Should().Throw<ArgumentNullException>();
    }

    private sealed class NegatingFormatter : MessagePack.Formatters.IMessagePackFormatter<int>
    {
        public void Serialize(ref MessagePack.MessagePackWriter writer, int value, MessagePack.MessagePackSerializerOptions options) =>
            writer.Write(-value);

        public int Deserialize(ref MessagePack.MessagePackReader reader, MessagePack.MessagePackSerializerOptions options) =>
            -reader.ReadInt32();
    }

    private sealed class UpperCaseFormatter : MessagePack.Formatters.IMessagePackFormatter<string?>
    {
        public void Serialize(ref MessagePack.MessagePackWriter writer, string? value, MessagePack.MessagePackSerializerOptions options) =>
            writer.Write(value?.ToUpperInvariant());

        public string? Deserialize(ref MessagePack.MessagePackReader reader, MessagePack.MessagePackSerializerOptions options) =>
            reader.ReadString() + "!";
    }
}
