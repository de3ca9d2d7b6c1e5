using System.Buffers;
using Pickling.Internal;

namespace Pickling.Tests;

public class SegmentedBufferTests
{
    [Fact]
    public void AppendBorrowed_BetweenWrites_KeepsOrderAndLength()
    {
        var borrowed = new byte[] { 10, 11, 12 };
        using var buffer = new SegmentedBuffer();

        Write(buffer, 1, 2);
        buffer.AppendBorrowed(borrowed);
        Write(buffer, 3);
        buffer.AppendBorrowed(ReadOnlyMemory<byte>.Empty);
        buffer.AppendBorrowed(borrowed.AsMemory(1));
        Write(buffer, 4);

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

    private static void Write(SegmentedBuffer buffer, params byte[] bytes)
    {
        bytes.CopyTo(buffer.GetSpan(bytes.Length));
        buffer.Advance(bytes.Length);
    }
}
