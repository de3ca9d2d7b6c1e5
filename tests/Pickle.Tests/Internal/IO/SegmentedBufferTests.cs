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
        buffer.Blocks.SelectMany(b => b.ToArray()).Should().Equal(expected);
        buffer.Blocks.Sum(b => b.Length).Should().Be(expected.Length);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(50_000)]
    public void CopyTo_WrittenAndBorrowedBlocks_CopiesEveryByteInOrder(int written)
    {
        using var buffer = new SegmentedBuffer();
        var first = new byte[written];
        new Random(written).NextBytes(first);
        first.CopyTo(buffer.GetSpan(written));
        buffer.Advance(written);
        var borrowed = new byte[] { 9, 8, 7 };
        buffer.AppendBorrowed(borrowed);
        buffer.GetSpan(2)[..2].Fill(5);
        buffer.Advance(2);
        var destination = new byte[buffer.Length + 1];

        buffer.CopyTo(destination);

        destination.Should().Equal([.. first, .. borrowed, 5, 5, 0], "the byte after the buffer's length is left as it was");
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

    [Theory]
    [InlineData(10)]
    [InlineData(50_000)]
    public void Return_ThenRent_StartsEmptyAndWritesAfresh(int written)
    {
        var buffer = SegmentedBuffer.Rent();
        buffer.GetSpan(written)[..written].Fill(7);
        buffer.Advance(written);

        buffer.Return();
        var next = SegmentedBuffer.Rent();
        next.GetSpan(3)[..3].Fill(9);
        next.Advance(3);

        next.Should().BeSameAs(buffer, "the thread's buffer is kept for its next dump");
        next.Length.Should().Be(3);
        next.AsSequence().ToArray().Should().Equal(9, 9, 9);
        next.Blocks.Should().ContainSingle();
        next.Return();
    }

    [Fact]
    public void Return_AfterABorrowedBlock_NextRentHoldsNoneOfIt()
    {
        var buffer = SegmentedBuffer.Rent();
        buffer.AppendBorrowed(new byte[] { 1, 2, 3 });

        buffer.Return();
        var next = SegmentedBuffer.Rent();

        next.Length.Should().Be(0);
        next.HasBorrowed.Should().BeFalse();
        next.AsSequence().IsEmpty.Should().BeTrue();
        next.Return();
    }

    [Fact]
    public void AppendBorrowed_BetweenWrites_KeepsOrderAndLength()
    {
        var borrowed = new byte[] { 10, 11, 12 };
        using var buffer = new SegmentedBuffer();

        WriteBytes(buffer, 1, 2);
        buffer.AppendBorrowed(borrowed);
        WriteBytes(buffer, 3);
        buffer.AppendBorrowed(ReadOnlyMemory<byte>.Empty);
        buffer.AppendBorrowed(borrowed.AsMemory(1));
        WriteBytes(buffer, 4);

        buffer.Length.Should().Be(9);
        buffer.AsSequence().ToArray().Should().Equal(1, 2, 10, 11, 12, 3, 11, 12, 4);
        buffer.Blocks.SelectMany(b => b.ToArray()).Should().Equal(1, 2, 10, 11, 12, 3, 11, 12, 4);
    }

    [Fact]
    public void AppendBorrowed_References_TheCallersMemoryWithoutCopying()
    {
        var borrowed = new byte[100_000];
        using var buffer = new SegmentedBuffer();

        buffer.AppendBorrowed(borrowed);
        borrowed[0] = 7;

        buffer.AsSequence().FirstSpan[0].Should().Be(7);
    }

    [Fact]
    public void AppendBorrowed_Only_GivesTheBorrowedBytes()
    {
        using var buffer = new SegmentedBuffer();

        buffer.AppendBorrowed(new byte[] { 5, 6 });

        buffer.AsSequence().ToArray().Should().Equal(5, 6);
    }

    private static void WriteBytes(SegmentedBuffer buffer, params byte[] bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }

    [Fact]
    public void Retract_LastBytesWritten_NextWriteTakesTheirPlace()
    {
        using var buffer = new SegmentedBuffer();
        WriteBytes(buffer, 1, 2, 3, 4, 5);

        buffer.Retract(2);
        WriteBytes(buffer, 9);

        buffer.Length.Should().Be(4);
        buffer.AsSequence().ToArray().Should().Equal(1, 2, 3, 9);
    }

    [Fact]
    public void Retract_AfterABorrowedBlock_TakesBackOnlyWhatCameAfterIt()
    {
        using var buffer = new SegmentedBuffer();
        WriteBytes(buffer, 1, 2);
        buffer.AppendBorrowed(new byte[] { 7, 7 });
        WriteBytes(buffer, 3);

        var tooMuch = () => buffer.Retract(2);
        tooMuch.Should().Throw<ArgumentOutOfRangeException>();
        buffer.Retract(1);

        buffer.AsSequence().ToArray().Should().Equal(1, 2, 7, 7);
    }
}
