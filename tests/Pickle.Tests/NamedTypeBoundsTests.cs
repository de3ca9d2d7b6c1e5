using System.Buffers;
using MessagePack;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>A payload cannot make a load name and build types without bound: each costs time, and memory for the life of the process.</summary>
public class NamedTypeBoundsTests
{
    private static readonly string[] Primitives = ["System.Int32", "System.Int64", "System.Byte", "System.Double", "System.Char", "System.Int16"];

    [Fact]
    public void Load_PayloadNamingThousandsOfNewGenericTypes_ThrowsPickleExceptionNamingTheBound()
    {
        var names = Enumerable.Range(0, 3_000).Select(NullableTupleName);
        var frame = RawFrames.Build(HeaderedNils(names));

        var load = () => Pickle.LoadFromBytes<List<object?>>(frame);

        load.Should().Throw<PickleException>().WithMessage($"*more than {TypeTags.MaxNewGenericTypesPerPayload} generic types*");
    }

    [Fact]
    public void Load_PayloadNamingAFewNewGenericTypes_Loads()
    {
        var names = Enumerable.Range(5_000, 10).Select(NullableTupleName).ToList();

        var loaded = Pickle.LoadFromBytes<List<object?>>(RawFrames.Build(HeaderedNils(names)));

        loaded.Should().HaveCount(10).And.OnlyContain(item => item == null);
    }

    [Fact]
    public void Load_PayloadNamingTensOfThousandsOfUnknownTypes_ThrowsAtTheFirst()
    {
        var frame = RawFrames.Build(HeaderedNils(Enumerable.Range(0, 30_000).Select(i => $"N{i}, A{i}")));

        var load = () => Pickle.LoadFromBytes<List<object?>>(frame);

        load.Should().Throw<PickleException>().WithMessage("*'N0, A0'*no assembly loaded in this program defines that type*");
    }

    [Fact]
    public void AddLoadedType_MoreNamesThanTheBound_ThrowsPickleException()
    {
        var state = new GraphState(PickleOptions.Default, converters: null);
        for (var i = 0; i < TypeTags.MaxNamesPerPayload; i++)
        {
            state.AddLoadedType(typeof(int), $"T{i}");
        }

        var add = () => state.AddLoadedType(typeof(int), "one more");

        add.Should().Throw<PickleException>().WithMessage($"*more than {TypeTags.MaxNamesPerPayload:N0} types*");
    }

    /// <summary>A distinct closed generic type for each <paramref name="i"/>: a nullable tuple of five primitives.</summary>
    private static string NullableTupleName(int i)
    {
        var items = Enumerable.Range(0, 5).Select(position => $"[{Primitives[(i / (int)Math.Pow(Primitives.Length, position)) % Primitives.Length]}]");
        return $"System.Nullable`1[[System.ValueTuple`5[{string.Join(',', items)}]]]";
    }

    /// <summary>A MessagePack array whose items are each <c>[ext 80 naming a type, nil]</c>.</summary>
    private static byte[] HeaderedNils(IEnumerable<string> names)
    {
        var list = names.ToList();
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        writer.WriteArrayHeader(list.Count);
        foreach (var name in list)
        {
            var body = new ArrayBufferWriter<byte>();
            var bodyWriter = new MessagePackWriter(body);
            bodyWriter.WriteNil();
            bodyWriter.Write(name);
            bodyWriter.Flush();
            writer.WriteArrayHeader(2);
            writer.WriteExtensionFormatHeader(new ExtensionHeader(80, (uint)body.WrittenCount));
            writer.WriteRaw(body.WrittenSpan);
            writer.WriteNil();
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
