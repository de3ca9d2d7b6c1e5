using System.Buffers;
using System.Text;
using System.Text.Json;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class SystemTextJsonPickleSerializerTests
{
    private static readonly PickleOptions Json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };

    private static readonly RoundTripCases Cases = new()
    {
        { "int min", int.MinValue },
        { "long max", long.MaxValue },
        { "double NaN", double.NaN },
        { "double -inf", double.NegativeInfinity },
        { "double -0.0", -0.0 },
        { "decimal 1.00", 1.00m },
        { "string with NUL and emoji", "a\0b 😀" },
        { "DateTime Utc", new DateTime(2024, 2, 29, 1, 2, 3, DateTimeKind.Utc).AddTicks(5) },
        { "DateTime Unspecified", new DateTime(2024, 2, 29, 1, 2, 3, DateTimeKind.Unspecified) },
        { "DateTimeOffset +05:30", new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330)) },
        { "Guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
        { "List<int>", new List<int> { 3, 1, 2 } },
        { "Dictionary<string, int>", new Dictionary<string, int> { ["a"] = 1 } },
        { "class with public setters", new Order { Id = 1, Customer = "c", Total = 1.50m, Placed = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), Lines = ["x"] } },
        { "record", new Person("Ada", new DateOnly(1815, 12, 10), ["A"]) },
        { "record struct", new Point3(1, 2, 3) },
        { "null", (Order?)null },
    };

    public static TheoryData<string> CaseNames => Cases.Names;

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void RoundTrip_Value_LoadsSameValue(string name) => Cases.Check(name, Json);

    [Fact]
    public void Dump_WritesReadableJsonPayloadAndJsonFormatName()
    {
        var frame = FrameBytes.Of(new Order { Id = 5, Customer = "Ada" }, Json);

        frame.Format.Should().Be("json");
        var payload = Encoding.UTF8.GetString(frame.Bytes, frame.PayloadOffset, (int)frame.PayloadLength);
        payload.Should().Contain("\"Customer\":\"Ada\"").And.Contain("\"Id\":5");
    }

    [Fact]
    public void Deserialize_TwoJsonValues_ThrowsJsonException()
    {
        var serializer = new SystemTextJsonPickleSerializer();

        var act = () => serializer.Deserialize<int>(new ReadOnlySequence<byte>("1 2"u8.ToArray()), Json);

        act.Should().Throw<JsonException>();
    }

    [Fact]
    public void Load_JsonPayloadWithTrailingValue_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes("1 2", PickleOptions.Default with { Serializer = new TextSerializer("json") });

        var act = () => Pickle.LoadFromBytes<int>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*'json'*").WithInnerException<JsonException>();
    }

    [Fact]
    public void Load_JsonPayloadOfRightType_LoadsWithoutOptions()
    {
        var bytes = Pickle.DumpToBytes("[1,2]", PickleOptions.Default with { Serializer = new TextSerializer("json") });

        Pickle.LoadFromBytes<int[]>(bytes).Should().Equal(1, 2);
    }

    [Fact]
    public void Load_InvalidJsonPayload_ThrowsPickleExceptionWithJsonInnerException()
    {
        var frame = FrameBytes.Of(new List<int> { 1, 2 }, Json);
        frame.Bytes[frame.PayloadOffset] = (byte)'}';
        frame.FixTrailer();

        var act = () => Pickle.LoadFromBytes<List<int>>(frame.Bytes, Json);

        act.Should().Throw<PickleException>().WithMessage("*'json'*").WithInnerException<JsonException>();
    }

    [Fact]
    public void Constructor_CustomJsonOptions_AreUsed()
    {
        var serializer = new SystemTextJsonPickleSerializer(new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase });
        var options = PickleOptions.Default with { Serializer = serializer };

        var frame = FrameBytes.Of(new Order { Id = 5 }, options);

        Encoding.UTF8.GetString(frame.Bytes, frame.PayloadOffset, (int)frame.PayloadLength).Should().Contain("\"id\":5");
        Pickle.LoadFromBytes<Order>(frame.Bytes, options).Id.Should().Be(5);
    }
}
