using System.Buffers;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class PayloadShapeTests
{
    public static TheoryData<string> HostilePayloadNames
    {
        get
        {
            var names = new TheoryData<string>();
            foreach (var name in HostileInputTests.HostilePayloads.Select(row => (string)row[0]).Distinct())
            {
                names.Add(name);
            }

            return names;
        }
    }

    public static readonly TheoryData<string, string> MalformedPayloads = new()
    {
        { "str32 longer than the payload", "db 00 00 01 00 41 42" },
        { "str32 of more than 2 GiB", "db ff ff ff ff 41" },
        { "header cut short", "cd 01" },
        { "ext32 header cut short", "92 c9 00 00" },
        { "array32 of 4 billion", "dd ff ff ff ff 01" },
        { "map of two entries, one there", "82 01 02" },
        { "array of two values, nothing after", "92 01" },
        { "fixext16 cut short", "d8 05 00 00" },
        { "two values", "01 02" },
        { "wrapper whose header is cut short", "92 c7 05 50" },
    };

    [Theory]
    [MemberData(nameof(HostilePayloadNames))]
    public void Check_HostilePayloadInManySegments_FailsAsInOneSegment(string name)
    {
        var payload = HostileInputTests.Payload(name);

        var whole = Record.Exception(() => PayloadShape.Check(new ReadOnlySequence<byte>(payload), 500));

        foreach (var segmentLength in new[] { 1, 2, 3, 5, 64 })
        {
            var split = Record.Exception(() => PayloadShape.Check(Segments.Split(payload, segmentLength), 500));
            DescribeError(split).Should().Be(DescribeError(whole), $"'{name}' in segments of {segmentLength} bytes must fail as in one");
        }
    }

    [Theory]
    [MemberData(nameof(MalformedPayloads))]
    public void Check_MalformedPayloadInManySegments_FailsAsInOneSegment(string name, string hex)
    {
        var payload = FrameBuilder.Hex(hex);

        var whole = Record.Exception(() => PayloadShape.Check(new ReadOnlySequence<byte>(payload), 500));

        whole.Should().NotBeNull($"'{name}' is malformed");
        foreach (var segmentLength in new[] { 1, 2, 3 })
        {
            var split = Record.Exception(() => PayloadShape.Check(Segments.Split(payload, segmentLength), 500));
            DescribeError(split).Should().Be(DescribeError(whole), $"'{name}' in segments of {segmentLength} bytes must fail as in one");
        }
    }

    [Fact]
    public void Check_ValueWithEveryKindOfValueInManySegments_Passes()
    {
        var payload = FrameBuilder.Payload(Pickle.DumpToBytes(new ZooValue()));

        foreach (var segmentLength in new[] { 1, 2, 3, 7 })
        {
            var check = () => PayloadShape.Check(Segments.Split(payload, segmentLength), 500);

            check.Should().NotThrow($"segments of {segmentLength} bytes hold a valid payload");
        }
    }

    [Fact]
    public void Check_ArrayOf4BillionValues_ThrowsEndOfStreamBeforeWalking()
    {
        var check = () => PayloadShape.Check(new ReadOnlySequence<byte>(FrameBuilder.Hex("dd ff ff ff ff 01")), 500);

        check.Should().Throw<EndOfStreamException>();
    }

    [Fact]
    public void Check_WrappersNestedInWrappersBeyondMaxDepth_ThrowsPickleExceptionNamingMaxDepth()
    {
        byte[] wrapper = [0x92, 0xD4, 0x50, 0xC0];
        byte[] payload = [.. Enumerable.Repeat(wrapper, 100_000).SelectMany(bytes => bytes), 0x01];

        var check = () => PayloadShape.Check(new ReadOnlySequence<byte>(payload), 500);

        check.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Check_WrapperAroundEachLevelUpToMaxDepth_Passes()
    {
        byte[] level = [0x92, 0xD4, 0x50, 0xC0, 0x91];
        byte[] payload = [.. Enumerable.Repeat(level, 10).SelectMany(bytes => bytes), 0x01];

        var check = () => PayloadShape.Check(new ReadOnlySequence<byte>(payload), 10);

        check.Should().NotThrow();
    }

    [Fact]
    public void Deserialize_PayloadInManySegments_LoadsLikeOneSegment()
    {
        var value = Enumerable.Range(0, 50).Select(i => new Order { Id = i, Customer = $"customer {i}", Lines = [$"line {i}", ""] }).ToList();
        var payload = FrameBuilder.Payload(Pickle.DumpToBytes(value));

        var loaded = MessagePackPickleSerializer.Default.Deserialize<List<Order>>(Segments.Split(payload, 3), PickleOptions.Default);

        loaded.Should().BeEquivalentTo(value);
    }

    private static string DescribeError(Exception? error) => error is null ? "none" : $"{error.GetType().Name}: {error.Message}";
}
