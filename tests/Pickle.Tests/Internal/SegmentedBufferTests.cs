using System.Buffers;
using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class SegmentedBufferTests
{
    [Fact]
    public void Write_AcrossManySegments_SequenceHoldsEveryByteInOrder()
    {
        using var buffer = new SegmentedBuffer();
        var expected = new byte[50_000];
        new Random(7).NextBytes(expected);

        for (var offset = 0; offset < expected.Length;)
        {
            var span = buffer.GetSpan(1);
            var count = Math.Min(Math.Min(span.Length, 3_000), expected.Length - offset);
            expected.AsSpan(offset, count).CopyTo(span);
            buffer.Advance(count);
            offset += count;
        }

        var sequence = buffer.AsSequence();
        buffer.Length.Should().Be(expected.Length);
        sequence.IsSingleSegment.Should().BeFalse();
        sequence.ToArray().Should().Equal(expected);
        var copy = new byte[expected.Length];
        buffer.CopyTo(copy);
        copy.Should().Equal(expected);
        buffer.Blocks.Sum(b => b.Length).Should().Be(expected.Length);
    }

    [Fact]
    public void AsSequence_Empty_IsEmpty()
    {
        using var buffer = new SegmentedBuffer();

        buffer.AsSequence().IsEmpty.Should().BeTrue();
        buffer.Length.Should().Be(0);
    }

    [Fact]
    public void GetSpan_SizeHint_ReturnsAtLeastThatMuch()
    {
        using var buffer = new SegmentedBuffer();
        buffer.GetSpan(10);
        buffer.Advance(10);

        buffer.GetSpan(100_000).Length.Should().BeGreaterThanOrEqualTo(100_000);
    }

    [Fact]
    public void Advance_PastFreeSpace_ThrowsArgumentOutOfRangeException()
    {
        using var buffer = new SegmentedBuffer();
        var free = buffer.GetSpan(1).Length;

        FluentActions.Invoking(() => buffer.Advance(free + 1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void GetSpan_NegativeHint_ThrowsArgumentOutOfRangeException()
    {
        using var buffer = new SegmentedBuffer();

        FluentActions.Invoking(() => buffer.GetSpan(-1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void GetMemory_MinimumAndPreferred_ReturnsAtLeastMinimumFreeBytes()
    {
        using var buffer = new SegmentedBuffer();

        var block = buffer.GetMemory(1, 10);
        block.Length.Should().BeGreaterThanOrEqualTo(1);
        buffer.Advance(block.Length);

        buffer.GetMemory(5, 5).Length.Should().BeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Dispose_ThenReuse_StartsEmpty()
    {
        var buffer = new SegmentedBuffer();
        buffer.GetSpan(10)[0] = 1;
        buffer.Advance(1);

        buffer.Dispose();

        buffer.Length.Should().Be(0);
        buffer.AsSequence().IsEmpty.Should().BeTrue();
    }
}
