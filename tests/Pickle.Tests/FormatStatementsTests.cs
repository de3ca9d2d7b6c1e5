using System.Buffers.Binary;
using System.Text;
using MessagePack;
using Pickling.Internal;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Statements of FORMAT.md that a reader written from the document relies on: the root type a version-2 payload
/// starts with, the version-1 header's cut type names, the bytes of a DateTime, which roots carry an object header,
/// the payload's type names and the JSON payload's members.
/// The fixture types are nested here because their nested names (with <c>+</c>) are part of what is checked.
/// </summary>
public class FormatStatementsTests
{
    private const string Self = "Pickling.Tests.FormatStatementsTests";
    private static readonly PickleOptions References = PickleOptions.Default with { PreserveReferences = true };
    private static readonly PickleOptions Json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
    private static readonly Dog Rex = new() { Name = "Rex" };

    public static TheoryData<byte[], string, string> RootTypes => new()
    {
        { Pickle.DumpToBytes("pickle"), "System.String", "0F" },
        { Pickle.DumpToBytes(42), "System.Int32", "08" },
        { Pickle.DumpToBytes(new List<int>()), "System.Collections.Generic.List<System.Int32>", "922B08" },
        { Pickle.DumpToBytes(new Dictionary<string, List<int>>()), "System.Collections.Generic.Dictionary<System.String, System.Collections.Generic.List<System.Int32>>", "932C0F922B08" },
        { Pickle.DumpToBytes((1, "a")), "System.ValueTuple<System.Int32, System.String>", "934C080F" },
        { Pickle.DumpToBytes(new Inner()), Self + "+Inner, Pickle.Tests", string.Empty },
        { Pickle.DumpToBytes(new Outer<int>.Nested()), Self + "+Outer`1+Nested[[System.Int32]], Pickle.Tests", string.Empty },
        { Pickle.DumpToBytes<Animal>(Rex), "Pickling.Tests.Models.Dog, Pickle.Tests", string.Empty },
        { Pickle.DumpToBytes<object>(1L), "System.Int64", "0A" },
        { Pickle.DumpToBytes(new[] { new List<int>() }), "System.Collections.Generic.List<System.Int32>[]", "9228922B08" },
        { Pickle.DumpToBytes(new Dictionary<Dog, int[]>[1]), "System.Collections.Generic.Dictionary<Pickling.Tests.Models.Dog, Pickle.Tests, System.Int32[]>[]", string.Empty },
        { Pickle.DumpToBytes(new int[2, 3]), "System.Int32[,]", "93290208" },
        { Pickle.DumpToBytes(new[] { new[] { 1 } }), "System.Int32[][]", "922892" + "2808" },
        { Pickle.DumpToBytes(new[] { new int[1, 1] }), "System.Int32[,][]", "922893290208" },
        { Pickle.DumpToBytes((string?)null), "System.String", "0F" },
        { Pickle.DumpToBytes((int?)5), "System.Nullable<System.Int32>", "922A08" },
        { Pickle.DumpToBytes<IReadOnlyList<int>>(new List<int> { 1 }), "System.Collections.Generic.List<System.Int32>", "922B08" },
        { Pickle.DumpToBytes<IReadOnlyList<int>>([1]), "System.Collections.Generic.IReadOnlyList<System.Int32>", "92550" + "8" },
    };

    public static TheoryData<string, int> CutTypeNames => new()
    {
        { new string('a', 255), 255 },
        { new string('a', 254) + "é", 254 },
        { new string('a', 253) + "é", 255 },
        { new string('a', 252) + "\U0001F952", 252 },
        { new string('a', 251) + "\U0001F952", 255 },
        { "Zoo." + new string('É', 130), 254 },
    };

    public static TheoryData<string, byte[], string?, string> Roots => new()
    {
        { "Dump(dog)", Pickle.DumpToBytes(Rex), null, "82A7476F6F64426F79C2A44E616D65A3526578" },
        { "Dump<Animal>(dog)", Pickle.DumpToBytes<Animal>(Rex), null, "82A7476F6F64426F79C2A44E616D65A3526578" },
        { "Dump<object>(dog)", Pickle.DumpToBytes<object>(Rex), null, "82A7476F6F64426F79C2A44E616D65A3526578" },
        { "Dump(dog) with a converter", Pickle.DumpToBytes(Rex, PickleOptions.Default with { Converters = [new NameOfDog()] }), null, "A3526578" },
        { "Dump(record class)", Pickle.DumpToBytes(new Rec("a", 1)), null, "82A44E616D65A161A341676501" },
        { "Dump(struct)", Pickle.DumpToBytes(new Spot { X = 1 }), null, "81A15801" },
        { "Dump<object>(struct)", Pickle.DumpToBytes<object>(new Spot { X = 1 }), null, "81A15801" },
        { "Dump(record struct)", Pickle.DumpToBytes(new RecS(1)), null, "81A14101" },
        { "Dump(1)", Pickle.DumpToBytes(1), null, "01" },
        { "Dump<object>(1)", Pickle.DumpToBytes<object>(1), null, "01" },
        { "Dump<object>(\"s\")", Pickle.DumpToBytes<object>("s"), null, "A173" },
        { "Dump<object>(true)", Pickle.DumpToBytes<object>(true), null, "C3" },
        { "Dump<object>(0.5)", Pickle.DumpToBytes<object>(0.5), null, "CB3FE0000000000000" },
        { "Dump(new object())", Pickle.DumpToBytes(new object()), "System.Object", "80" },
        { "Dump(Dog[])", Pickle.DumpToBytes(new[] { Rex }), null, "9182A7476F6F64426F79C2A44E616D65A3526578" },
        { "Dump(List<int>)", Pickle.DumpToBytes(new List<int> { 1 }), null, "9101" },
        { "Dump(List<int>) of 9", Pickle.DumpToBytes(new List<int> { 1, 2, 3, 4, 5, 6, 7, 8, 9 }), null, "C7255A69" + string.Concat(Enumerable.Range(1, 9).Select(i => $"{i:X2}000000")) },
        { "Dump<IReadOnlyList<int>>(List<int>)", Pickle.DumpToBytes<IReadOnlyList<int>>(new List<int> { 1 }), null, "9101" },
        { "Dump<string>(null)", Pickle.DumpToBytes((string?)null), null, "C0" },
        { "Dump<Dog>(null)", Pickle.DumpToBytes((Dog?)null), null, "C0" },
        { "Dump<object>(null)", Pickle.DumpToBytes<object?>(null), null, "C0" },
    };

    public static TheoryData<Type, string> PayloadTypeNames => new()
    {
        { typeof(int), "System.Int32" },
        { typeof(Dog), "Pickling.Tests.Models.Dog, Pickle.Tests" },
        { typeof(Inner), Self + "+Inner, Pickle.Tests" },
        { typeof(List<Dog>), "System.Collections.Generic.List`1[[Pickling.Tests.Models.Dog, Pickle.Tests]]" },
        { typeof(Dictionary<string, object>), "System.Collections.Generic.Dictionary`2[[System.String],[System.Object]]" },
        { typeof(Outer<int>.Nested), Self + "+Outer`1+Nested[[System.Int32]], Pickle.Tests" },
        { typeof(Dog[]), "Pickling.Tests.Models.Dog[], Pickle.Tests" },
        { typeof(Dog[,]), "Pickling.Tests.Models.Dog[,], Pickle.Tests" },
        { typeof(int[][]), "System.Int32[][]" },
        { typeof(int[][,]), "System.Int32[,][]" },
        { typeof(List<Dog>[]), "System.Collections.Generic.List`1[[Pickling.Tests.Models.Dog, Pickle.Tests]][]" },
        { typeof(SortedDictionary<string, int>), "System.Collections.Generic.SortedDictionary`2[[System.String],[System.Int32]], System.Collections" },
        { typeof(Stack<int>), "System.Collections.Generic.Stack`1[[System.Int32]], System.Collections" },
        { typeof(Queue<int>), "System.Collections.Generic.Queue`1[[System.Int32]]" },
        { typeof(HashSet<int>), "System.Collections.Generic.HashSet`1[[System.Int32]]" },
        { typeof(Uri), "System.Uri, System.Private.Uri" },
        { typeof(System.Numerics.BigInteger), "System.Numerics.BigInteger, System.Runtime.Numerics" },
        { typeof(Version), "System.Version" },
    };

    [Theory]
    [MemberData(nameof(RootTypes))]
    public void Dump_AnyValue_StartsItsPayloadWithTheRootTypeFormatMdGives(byte[] frame, string name, string bytes)
    {
        new FrameBytes(frame).TypeName.Should().Be(name);
        var payload = RawFrames.WholePayloadOf(frame);
        var value = RawFrames.PayloadOf(frame);
        var rootType = payload.AsSpan(0, payload.Length - value.Length).ToArray();
        if (bytes.Length > 0)
        {
            Convert.ToHexString(rootType).Should().Be(bytes);
        }
        else if (!name.EndsWith(']'))
        {
            new MessagePackReader(rootType).ReadString().Should().Be(name, "a type without a code is written by its name");
        }
    }

    [Theory]
    [MemberData(nameof(CutTypeNames))]
    public void FrameHeaderWrite_TypeNameOver255Bytes_CutsItAtACharacterBoundary(string name, int expectedLength)
    {
        var header = new byte[FrameHeader.MaxLength];
        FrameHeaderVersion1.Write(header, 0, "msgpack", name, "0.1.0", 0);
        var length = header[7 + 7];
        var kept = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(header, 8 + 7, length);

        length.Should().Be((byte)expectedLength);
        name.Should().StartWith(kept);
    }

    [Fact]
    public void Dump_DateTimeOfEachKind_WritesToBinaryInExtension70InTheSmallestSize()
    {
        var clock = new DateTime(2026, 11, 25, 8, 0, 0);
        var local = DateTime.SpecifyKind(clock, DateTimeKind.Local);
        var localBits = 0x8000_0000_0000_0000UL | (ulong)TimeZoneInfo.ConvertTimeToUtc(local).Ticks;
        var expectedLocal = new byte[10];
        (expectedLocal[0], expectedLocal[1]) = (0xD7, 0x46);
        BinaryPrimitives.WriteUInt64LittleEndian(expectedLocal.AsSpan(2), localBits);

        Hex(DateTime.SpecifyKind(clock, DateTimeKind.Unspecified)).Should().Be("D7460040991ACA4ADF08");
        Hex(DateTime.SpecifyKind(clock, DateTimeKind.Utc)).Should().Be("D7460040991ACA4ADF48");
        Hex(local).Should().Be(Convert.ToHexString(expectedLocal));
        Hex(DateTime.MinValue).Should().Be("D44600");
        Hex(new DateTime(12345)).Should().Be("D5463930");
        ((int)DateTimeKind.Unspecified, (int)DateTimeKind.Utc, (int)DateTimeKind.Local).Should().Be((0, 1, 2));

        static string Hex(DateTime value) => Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes(value)));
    }

    [Fact]
    public void Load_LocalDateTime_ReadsInt64AndRejectsUInt64AboveInt64Max()
    {
        var asInt64 = RawFrames.Build(Convert.FromHexString("D388DF4AF4036F4800"));
        var asUInt64 = RawFrames.Build(Convert.FromHexString("CF88DF4AF4036F4800"));

        var loaded = Pickle.LoadFromBytes<DateTime>(asInt64);
        loaded.Kind.Should().Be(DateTimeKind.Local);
        loaded.ToUniversalTime().Should().Be(new DateTime(2026, 11, 25, 13, 0, 0, DateTimeKind.Utc));
        FluentActions.Invoking(() => Pickle.LoadFromBytes<DateTime>(asUInt64)).Should().Throw<PickleException>();
    }

    [Theory]
    [MemberData(nameof(Roots))]
    public void Dump_Root_HasAnObjectHeaderAfterItsRootTypeExactlyWhereFormatMdSays(string dump, byte[] frame, string? headerTypeName, string contents)
    {
        var payload = RawFrames.PayloadOf(frame);
        var reader = new MessagePackReader(payload);
        var hasHeader = reader.NextMessagePackType == MessagePackType.Array && reader.CreatePeekReader().ReadArrayHeader() == 2
            && IsHeader(reader.CreatePeekReader());

        if (headerTypeName is null)
        {
            hasHeader.Should().BeFalse(dump);
            Convert.ToHexString(payload).Should().Be(contents);
            return;
        }

        hasHeader.Should().BeTrue(dump);
        reader.ReadArrayHeader();
        var header = reader.ReadExtensionFormatHeader();
        var body = new MessagePackReader(reader.ReadRaw(header.Length));
        body.TryReadNil().Should().BeTrue("the id is nil without PreserveReferences");
        body.ReadString().Should().Be(headerTypeName);
        Convert.ToHexString(payload.AsSpan((int)reader.Consumed)).Should().Be(contents);

        static bool IsHeader(MessagePackReader peek)
        {
            peek.ReadArrayHeader();
            return peek.NextMessagePackType == MessagePackType.Extension && peek.ReadExtensionFormatHeader().TypeCode == 80;
        }
    }

    [Fact]
    public void Dump_PreserveReferences_WritesNoIdsAndBackReferencesByNumberInOrder()
    {
        Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes(new List<int> { 1 }, References))).Should().Be("9101");
        Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes(Rex, References))).Should().Be("82A7476F6F64426F79C2A44E616D65A3526578");
        var shared = new List<int> { 1 };
        Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes(new List<List<int>> { shared, shared }, References))).Should().Be("929101D45101");
        Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes("s", References))).Should().Be("A173");
        Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes(new Spot { X = 1 }, References))).Should().Be("81A15801");
        Convert.ToHexString(RawFrames.PayloadOf(Pickle.DumpToBytes<object>(new Spot { X = 1 }, References))).Should().Be("81A15801");
    }

    [Theory]
    [MemberData(nameof(PayloadTypeNames))]
    public void NameOf_AnyType_IsTheDocumentedPayloadTypeName(Type type, string expected) =>
        TypeTags.NameOf(type).Should().Be(expected);

    [Fact]
    public void NameOf_TypeOfTheCoreLibrary_HasNoAssemblyName_WhichIsSystemPrivateCoreLib()
    {
        typeof(object).Assembly.GetName().Name.Should().Be("System.Private.CoreLib");
        typeof(List<int>).Assembly.Should().BeSameAs(typeof(object).Assembly);
        TypeTags.NameOf(typeof(List<int>)).Should().NotContain(", ");
    }

    [Fact]
    public void Dump_JsonPayload_UsesMemberNamesAsDeclaredAndTheDeclaredTypesMembers()
    {
        Text(new JsonMember { FirstName = "Ann", Visits = 2 }).Should().Be("""{"FirstName":"Ann","Secret":3,"Visits":2}""");
        Text(new JsonAttributes { Renamed = 1 }).Should().Be("""{"renamed":1,"Ignored":7,"Nothing":null,"NotSerialized":8,"_included":9}""");
        Text<Animal>(new Dog { Name = "R", GoodBoy = true }).Should().Be("""{"Name":"R"}""");
        Text<object>(new Dog { Name = "R", GoodBoy = true }).Should().Be("""{"GoodBoy":true,"Name":"R"}""");
        Text(new Dictionary<string, int> { ["FirstKey"] = 1 }).Should().Be("""{"FirstKey":1}""");
        Text(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity }).Should().Be("""["NaN","Infinity","-Infinity"]""");
        Text(new[] { new DateTime(2026, 11, 25, 8, 0, 0), new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc) })
            .Should().Be("""["2026-11-25T08:00:00","2026-11-25T08:00:00Z"]""");
        Text((1.00m, DayOfWeek.Friday, new byte[] { 1, 2 })).Should().Be("""{"Item1":1.00,"Item2":5,"Item3":"AQI="}""");

        static string Text<T>(T value) => Encoding.UTF8.GetString(RawFrames.PayloadOf(Pickle.DumpToBytes(value, Json)));
    }

#pragma warning disable CA1051, CS0649 // Public fields, never assigned: only their names and the types' names matter here.
    private sealed class Inner
    {
        public int V;
    }

    private sealed class Inner<T>
    {
        public T? V;
    }

    private sealed class Outer<T>
    {
        public T? V;

        public sealed class Nested
        {
            public int W;
        }
    }

    private sealed record Rec(string Name, int Age);

    // Picklable, so that a dump may name it where object is declared (a dump refuses what the load would refuse).
    [Picklable]
    private struct Spot
    {
        public int X;
    }

    private readonly record struct RecS(int A);

    private sealed class NameOfDog : PickleSurrogate<Dog, string>
    {
        public override string ToSurrogate(Dog value) => value.Name;

        public override Dog FromSurrogate(string surrogate) => new() { Name = surrogate };
    }

    public sealed class JsonMember
    {
        public int Visits;
        private readonly int _secret = 3;

        public string? FirstName { get; set; }

        public int Secret => _secret;
    }

    public sealed class JsonAttributes
    {
        [NonSerialized]
        public int NotSerialized = 8;

        [System.Text.Json.Serialization.JsonInclude]
        private int _included = 9;

        [System.Text.Json.Serialization.JsonPropertyName("renamed")]
        public int Renamed { get; set; }

        [PickleIgnore]
        public int Ignored { get; set; } = 7;

        public int? Nothing { get; set; }

        internal int Internal { get; set; } = 10;

        public int Included() => _included + Internal;
    }
#pragma warning restore CA1051, CS0649
}
