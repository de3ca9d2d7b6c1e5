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
        { "fixstr longer than the payload", "a5 41 42" },
        { "fixstr in an array, longer than the payload", "92 a3 41 01" },
        { "float64 cut short", "cb 00 00" },
        { "fixext16 in an array cut short", "91 d8 05 00" },
        { "value cut short as its arrays close", "91 92 01 cd 00" },
        { "fixmap of five entries, one byte there", "85 01" },
        { "fixarray of three values, one byte there", "93 01" },
        { "str8 header cut short", "d9" },
        { "str8 longer than the payload", "d9 05 41" },
        { "bin8 longer than the payload", "c4 03 01" },
        { "ext8 header cut short", "c7 05" },
        { "ext8 longer than the payload", "c7 01 50" },
        { "str16 longer than the payload", "91 da 00 05 41" },
        { "nested array ends before the outer one", "94 93 01 01 01 01" },
        { "never-used byte inside a map", "81 a1 61 c1" },
        { "negative fixint then more bytes", "ff 01" },
    };

    /// <summary>Levels of nesting, each opening one array or map whose last value is the next level.</summary>
    public static readonly TheoryData<string, string> NestingLevels = new()
    {
        { "fixarray", "91" },
        { "fixmap", "81 a1 61" },
        { "array16", "dc 00 01" },
        { "map16", "de 00 01 01" },
        { "fixarray around a type header", "92 d4 50 00 91" },
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
    public void Check_EachCodeInManySegments_FailsOrPassesAsInOneSegment()
    {
        for (var code = 0; code < 256; code++)
        {
            byte[][] payloads = [[(byte)code], [(byte)code, .. new byte[40]], [0x92, (byte)code, 0x00, 0x00], [0x93, (byte)code, 0x00]];
            foreach (var payload in payloads)
            {
                var whole = Record.Exception(() => PayloadShape.Check(new ReadOnlySequence<byte>(payload), 500));

                foreach (var segmentLength in new[] { 1, 3 })
                {
                    var split = Record.Exception(() => PayloadShape.Check(Segments.Split(payload, segmentLength), 500));
                    DescribeError(split).Should().Be(DescribeError(whole), $"{Convert.ToHexString(payload)} in segments of {segmentLength} bytes must fail as in one");
                }
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Check_NestedArrayEndsBeforeTheOuterOne_ThrowsPickleExceptionCountingTheOuterValuesLeft(bool inSegments)
    {
        var payload = FrameBuilder.Hex("94 93 01 01 01 01");
        var sequence = inSegments ? Segments.Split(payload, 1) : new ReadOnlySequence<byte>(payload);

        var check = () => PayloadShape.Check(sequence, 500);

        check.Should().Throw<PickleException>().WithMessage("*after 6 bytes, 2 more values were declared*");
    }

    [Theory]
    [MemberData(nameof(NestingLevels))]
    public void Check_NestedToMaxDepth_Passes(string name, string level)
    {
        var payload = Nest(level, 3, "01");

        foreach (var sequence in new[] { new ReadOnlySequence<byte>(payload), Segments.Split(payload, 1) })
        {
            var check = () => PayloadShape.Check(sequence, 3);

            check.Should().NotThrow($"{name} nested 3 deep is within a MaxDepth of 3");
        }
    }

    [Theory]
    [MemberData(nameof(NestingLevels))]
    public void Check_NestedBeyondMaxDepth_ThrowsPickleExceptionNamingMaxDepth(string name, string level)
    {
        foreach (var payload in new[] { Nest(level, 4, "01"), Nest(level, 3, "90"), Nest(level, 3, "80") })
        {
            foreach (var sequence in new[] { new ReadOnlySequence<byte>(payload), Segments.Split(payload, 1) })
            {
                var check = () => PayloadShape.Check(sequence, 3);

                check.Should().Throw<PickleException>($"{Convert.ToHexString(payload)} ({name}) nests deeper than 3").WithMessage("*MaxDepth*");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(255)]
    [InlineData(256)]
    [InlineData(300)]
    public void Check_FixarraysNestedAsDeepAsThePayloadHasBytes_PassAtTheirDepthAndFailBelowIt(int depth)
    {
        // Each level is one byte, the deepest a payload of its length can nest: the walk's room for levels is at its bound.
        byte[] payload = [.. Enumerable.Repeat((byte)0x91, depth), 0x01];

        var atDepth = () => PayloadShape.Check(new ReadOnlySequence<byte>(payload), depth);
        var belowDepth = () => PayloadShape.Check(new ReadOnlySequence<byte>(payload), depth - 1);

        atDepth.Should().NotThrow();
        belowDepth.Should().Throw<PickleException>().WithMessage("*MaxDepth*");
    }

    [Fact]
    public void Check_ValueWithEveryKindOfValueInManySegments_Passes()
    {
        var payload = RawFrames.PayloadOf(Pickle.DumpToBytes(new ZooValue()));

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
        var payload = RawFrames.WholePayloadOf(Pickle.DumpToBytes(value));

        var loaded = MessagePackPickleSerializer.Default.Deserialize<List<Order>>(Segments.Split(payload, 3), PickleOptions.Default);

        loaded.Should().BeEquivalentTo(value);
    }

    /// <summary><paramref name="level"/> repeated <paramref name="depth"/> times, then <paramref name="innermost"/>.</summary>
    private static byte[] Nest(string level, int depth, string innermost) =>
        [.. Enumerable.Repeat(FrameBuilder.Hex(level), depth).SelectMany(bytes => bytes), .. FrameBuilder.Hex(innermost)];

    private static string DescribeError(Exception? error) => error is null ? "none" : $"{error.GetType().Name}: {error.Message}";
}
