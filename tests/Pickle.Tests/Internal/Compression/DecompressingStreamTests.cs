using System.Buffers;
using Pickling.Internal;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class DecompressingStreamTests
{
    public static readonly TheoryData<PickleCompression, int> CodecsAndSizes = new()
    {
        { PickleCompression.Lz4, 0 },
        { PickleCompression.Lz4, 1000 },
        { PickleCompression.Lz4, PayloadCompression.Lz4BlockSize + 12_345 },
        { PickleCompression.Zstd, 0 },
        { PickleCompression.Zstd, 1000 },
        { PickleCompression.Zstd, 3_000_000 },
    };

    /// <summary>Stored payloads that <see cref="PayloadCompression.Decompress"/> rejects, with a part of its message.</summary>
    public static readonly TheoryData<PickleCompression, byte[], string> Damaged = new()
    {
        { PickleCompression.Lz4, CompressedPayloads.WithLength(10, [.. CompressedPayloads.Lz4Block(100, 100), .. new byte[100]]), "*more than the 10 bytes it declares*" },
        { PickleCompression.Lz4, CompressedPayloads.WithLength(2000, [.. CompressedPayloads.Lz4Block(2000, 10), .. new byte[10]]), "*damaged*" },
        { PickleCompression.Lz4, CompressedPayloads.WithLength(100, [.. CompressedPayloads.Lz4Block(0, 0)]), "*LZ4 block of 0 bytes stored in 0 is not a valid block*" },
        { PickleCompression.Lz4, CompressedPayloads.WithLength(100, [1, 2, 3]), "*ends in the middle of a block header*" },
        { PickleCompression.Lz4, CompressedPayloads.WithLength(100, [.. CompressedPayloads.Lz4Block(100, 100), 1, 2]), "*ends in the middle of a block*" },
        { PickleCompression.Lz4, CompressedPayloads.WithLength(200, [.. CompressedPayloads.Lz4Block(100, 100), .. new byte[100]]), "*decompresses to 100 bytes, not the 200 it declares*" },
        { PickleCompression.Zstd, CompressedPayloads.WithLength(1000, Zstd(1_000_000)), "*more than the 1,000 bytes it declares*" },
        { PickleCompression.Zstd, CompressedPayloads.WithLength(5000, Zstd(1000)), "*decompresses to 1,000 bytes, not the 5,000 it declares*" },
        { PickleCompression.Zstd, CompressedPayloads.WithLength(100, [1, 2, 3, 4, 5, 6, 7, 8]), "*cannot be decompressed*" },
        { PickleCompression.Lz4, CompressedPayloads.WithLength(ulong.MaxValue, [0, 0, 0, 0]), "*MaxPayloadSize*" },
        { PickleCompression.Lz4, [1, 2, 3], "*too few for its length*" },
        { (PickleCompression)3, CompressedPayloads.WithLength(10, [0]), "*compression codec 3, which this Pickle does not know*" },
    };

    [Theory]
    [MemberData(nameof(CodecsAndSizes))]
    public void Read_InSmallPieces_GivesThePayloadDecompressWouldGive(PickleCompression codec, int size)
    {
        var payload = Enumerable.Range(0, size).Select(i => (byte)(i % 251 * (i / 4096 % 3))).ToArray();
        var stored = Compress(payload, codec);

        using var stream = Open(new TrickleStream(new MemoryStream(stored), maxRead: 4099), stored.Length, codec);
        var read = new MemoryStream();
        var piece = new byte[1000];
        int got;
        while ((got = stream.Read(piece)) > 0)
        {
            read.Write(piece, 0, got);
        }

        stream.Length.Should().Be(size);
        read.ToArray().Should().Equal(payload);
    }

    [Theory]
    [InlineData(PickleCompression.Lz4)]
    [InlineData(PickleCompression.Zstd)]
    public void Read_OnlyTheStart_ReadsNoMoreOfTheStoredPayloadThanItNeeds(PickleCompression codec)
    {
        // Random bytes, so that the stored payload is as large as the payload, three LZ4 blocks.
        var payload = new byte[3 * PayloadCompression.Lz4BlockSize];
        new Random(7).NextBytes(payload);
        var stored = Compress(payload, codec);
        var source = new TrickleStream(new MemoryStream(stored), maxRead: 64 * 1024);

        using var stream = Open(source, stored.Length, codec);
        var start = new byte[4096];
        stream.ReadExactly(start);

        start.Should().Equal(payload.AsSpan(0, 4096).ToArray());
        source.BytesRead.Should().BeLessThan(stored.Length / 2);
    }

    [Theory]
    [MemberData(nameof(Damaged))]
    public void Read_DamagedPayload_ThrowsAsDecompressDoes(PickleCompression codec, byte[] stored, string message)
    {
        var options = new PickleOptions { MaxPayloadSize = 1 << 20 };
        var whole = () => PayloadCompression.Decompress(Buffer(stored), codec, options.MaxPayloadSize, AllocationBudget.For(options, stored.Length)).Dispose();
        var streamed = () =>
        {
            using var stream = DecompressingStream.Open(new MemoryStream(stored), stored.Length, codec, options.MaxPayloadSize, AllocationBudget.For(options, stored.Length));
            stream.CopyTo(Stream.Null);
        };

        whole.Should().Throw<PickleException>().WithMessage(message);
        streamed.Should().Throw<PickleException>().WithMessage(message);
    }

    [Fact]
    public void Open_StoredStreamEndingInTheLength_ThrowsDamaged()
    {
        var open = () => DecompressingStream.Open(new MemoryStream([1, 2, 3]), storedLength: 20, PickleCompression.Lz4, long.MaxValue, budget: null);

        open.Should().Throw<PickleDamagedException>().WithMessage("*ends in its length*");
    }

    [Fact]
    public void Open_DeclaredLengthOverTheBudget_ThrowsTheBudgetsError()
    {
        var stored = Compress(new byte[1_000_000], PickleCompression.Zstd);
        var budget = AllocationBudget.For(new PickleOptions { MaxAllocation = 1000 }, stored.Length);

        var open = () => DecompressingStream.Open(new MemoryStream(stored), stored.Length, PickleCompression.Zstd, long.MaxValue, budget);

        open.Should().Throw<PickleException>().Which.Should().Match<PickleException>(e => AllocationBudget.IsExceeded(e));
    }

    [Fact]
    public void Open_WithoutABudget_SpendsNothing()
    {
        var stored = Compress(new byte[1_000_000], PickleCompression.Zstd);

        using var stream = DecompressingStream.Open(new MemoryStream(stored), stored.Length, PickleCompression.Zstd, long.MaxValue, budget: null);

        stream.Length.Should().Be(1_000_000);
    }

    [Fact]
    public void IsExceeded_OtherPickleException_IsFalse()
    {
        AllocationBudget.IsExceeded(new PickleException("not a budget's")).Should().BeFalse();
    }

    [Fact]
    public void BoundedReadStream_StreamEndingEarly_ThrowsEndOfStream()
    {
        using var stream = new BoundedReadStream(new MemoryStream([1, 2, 3]), length: 10);
        var buffer = new byte[10];

        stream.Read(buffer).Should().Be(3);
        var read = () => stream.Read(buffer);

        read.Should().Throw<EndOfStreamException>().WithMessage("the stream ended 7 bytes before the end of the payload");
    }

    [Fact]
    public void BoundedReadStream_ReadsStopAtItsLength()
    {
        var inner = new MemoryStream([1, 2, 3, 4, 5]);
        using var stream = new BoundedReadStream(inner, length: 3);
        var buffer = new byte[10];

        stream.ReadAtLeast(buffer, 10, throwOnEndOfStream: false).Should().Be(3);
        inner.Position.Should().Be(3);
    }

    private static DecompressingStream Open(Stream stored, long storedLength, PickleCompression codec) =>
        DecompressingStream.Open(stored, storedLength, codec, long.MaxValue, budget: null);

    private static byte[] Compress(byte[] payload, PickleCompression codec)
    {
        using var compressed = PayloadCompression.Compress(Buffer(payload), codec);
        return compressed.AsSequence().ToArray();
    }

    private static SegmentedBuffer Buffer(byte[] bytes)
    {
        var buffer = new SegmentedBuffer();
        buffer.AppendBorrowed(bytes);
        return buffer;
    }

    private static byte[] Zstd(int zeros)
    {
        using var compressor = new ZstdSharp.Compressor();
        return compressor.Wrap(new byte[zeros]).ToArray();
    }
}
