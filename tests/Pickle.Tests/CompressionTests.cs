using K4os.Compression.LZ4;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class CompressionTests
{
    public static readonly TheoryData<PickleCompression, int> CodecsAndSizes = new()
    {
        { PickleCompression.None, 1000 },
        { PickleCompression.Lz4, 0 },
        { PickleCompression.Lz4, 1000 },
        { PickleCompression.Lz4, 700_000 },
        { PickleCompression.Zstd, 0 },
        { PickleCompression.Zstd, 1000 },
        { PickleCompression.Zstd, 100_000 },
    };

    public static readonly TheoryData<string, PickleCompression> FileNamesAndCodecs = new()
    {
        { "model.pickle", PickleCompression.None },
        { "model.lz4", PickleCompression.Lz4 },
        { "model.pickle.LZ4", PickleCompression.Lz4 },
        { "model.zst", PickleCompression.Zstd },
        { "model.gz", PickleCompression.None },
    };

    [Theory]
    [MemberData(nameof(CodecsAndSizes))]
    public void Dump_WithCodec_LoadsBackEqualWithoutOptions(PickleCompression codec, int count)
    {
        var random = new Random(count);
        var values = Enumerable.Range(0, count).Select(i => i % 3 == 0 ? random.NextDouble() : i / 16).ToArray();
        var options = new PickleOptions { Compression = codec };

        var bytes = Pickle.DumpToBytes(values, options);

        bytes[5].Should().Be((byte)((int)codec << 1));
        Pickle.LoadFromBytes<double[]>(bytes).Should().Equal(values);
    }

    [Theory]
    [InlineData(PickleCompression.Lz4)]
    [InlineData(PickleCompression.Zstd)]
    public async Task DumpAsync_CompressibleRecords_AreSmallerAndLoadBack(PickleCompression codec)
    {
        var values = Enumerable.Range(0, 10_000).Select(i => $"record {i % 10}").ToList();
        using var plain = new MemoryStream();
        using var compressed = new MemoryStream();

        await Pickle.DumpAsync(values, plain);
        await Pickle.DumpAsync(values, compressed, new PickleOptions { Compression = codec });
        compressed.Position = 0;

        compressed.Length.Should().BeLessThan(plain.Length / 4);
        (await Pickle.LoadAsync<List<string>>(new TrickleStream(compressed, maxRead: 100))).Should().Equal(values);
    }

    [Theory]
    [MemberData(nameof(FileNamesAndCodecs))]
    public void DumpToFile_WithoutCodecOption_InfersCodecFromExtension(string name, PickleCompression expected)
    {
        using var directory = new TempDirectory();
        var path = directory.File(name);

        Pickle.DumpToFile(new[] { 1, 2, 3 }, path);

        File.ReadAllBytes(path)[5].Should().Be((byte)((int)expected << 1));
        Pickle.LoadFromFile<int[]>(path).Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task DumpToFileAsync_CodecOption_OverridesExtension()
    {
        using var directory = new TempDirectory();
        var uncompressed = directory.File("a.lz4");
        var compressed = directory.File("a.pickle");

        await Pickle.DumpToFileAsync("x", uncompressed, new PickleOptions { Compression = PickleCompression.None });
        await Pickle.DumpToFileAsync("x", compressed, new PickleOptions { Compression = PickleCompression.Zstd });

        File.ReadAllBytes(uncompressed)[5].Should().Be(0);
        File.ReadAllBytes(compressed)[5].Should().Be(4);
        (await Pickle.LoadFromFileAsync<string>(compressed)).Should().Be("x");
    }

    [Fact]
    public void Compression_UndefinedValue_ThrowsArgumentOutOfRangeException()
    {
        var create = () => new PickleOptions { Compression = (PickleCompression)3 };

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData(0b0000_0110)]
    [InlineData(0b0000_1000)]
    [InlineData(0b1000_0010)]
    public void Load_UnknownFlags_ThrowsPickleException(byte flags)
    {
        var frame = RawFrames.Build(CompressedPayloads.WithLength(1, [0x01]), flags);

        var load = () => Pickle.LoadFromBytes<int>(frame);

        load.Should().Throw<PickleException>().WithMessage("*flags*");
    }

    [Fact]
    public void Load_Lz4BlockProducingMoreThanDeclared_ThrowsPickleException()
    {
        byte[] block = [.. CompressedPayloads.Lz4Block(100, 100), .. new byte[100]];

        var load = () => Pickle.LoadFromBytes<byte[]>(RawFrames.Build(CompressedPayloads.WithLength(10, block), flags: 2));

        load.Should().Throw<PickleException>().WithMessage("*more than the 10 bytes it declares*");
    }

    [Fact]
    public void Load_Lz4BlockThatDoesNotDecodeToItsLength_ThrowsPickleException()
    {
        var compressed = new byte[LZ4Codec.MaximumOutputSize(1000)];
        var length = LZ4Codec.Encode(new byte[1000], compressed);
        byte[] block = [.. CompressedPayloads.Lz4Block(2000, length), .. compressed.AsSpan(0, length)];

        var load = () => Pickle.LoadFromBytes<byte[]>(RawFrames.Build(CompressedPayloads.WithLength(2000, block), flags: 2));

        load.Should().Throw<PickleException>().WithMessage("*damaged*");
    }

    [Fact]
    public void Load_ZstdFrameProducingMoreThanDeclared_ThrowsPickleException()
    {
        using var compressor = new ZstdSharp.Compressor();
        var zstd = compressor.Wrap(new byte[1_000_000]).ToArray();

        var load = () => Pickle.LoadFromBytes<byte[]>(RawFrames.Build(CompressedPayloads.WithLength(1000, zstd), flags: 4));

        load.Should().Throw<PickleException>().WithMessage("*more than the 1,000 bytes it declares*");
    }

    [Fact]
    public void Load_ZstdFrameProducingLessThanDeclared_ThrowsPickleException()
    {
        using var compressor = new ZstdSharp.Compressor();
        var zstd = compressor.Wrap(new byte[1000]).ToArray();

        var load = () => Pickle.LoadFromBytes<byte[]>(RawFrames.Build(CompressedPayloads.WithLength(5000, zstd), flags: 4));

        load.Should().Throw<PickleException>().WithMessage("*decompresses to 1,000 bytes, not the 5,000 it declares*");
    }

    [Fact]
    public void Load_ZstdGarbage_ThrowsPickleException()
    {
        var load = () => Pickle.LoadFromBytes<byte[]>(RawFrames.Build(CompressedPayloads.WithLength(100, [1, 2, 3, 4, 5, 6, 7, 8]), flags: 4));

        load.Should().Throw<PickleException>().WithMessage("*cannot be decompressed*");
    }

    [Theory]
    [InlineData(PickleCompression.Lz4)]
    [InlineData(PickleCompression.Zstd)]
    public void Load_DeclaredLengthOverMaxPayloadSize_ThrowsPickleException(PickleCompression codec)
    {
        var frame = RawFrames.Build(CompressedPayloads.WithLength(ulong.MaxValue, [0, 0, 0, 0]), flags: (byte)((int)codec << 1));

        var load = () => Pickle.LoadFromBytes<byte[]>(frame, new PickleOptions { MaxPayloadSize = 1 << 20 });

        load.Should().Throw<PickleException>().WithMessage("*MaxPayloadSize*");
    }

    [Fact]
    public void Load_CompressedPayloadShorterThanItsLength_ThrowsPickleException()
    {
        var load = () => Pickle.LoadFromBytes<byte[]>(RawFrames.Build([1, 2, 3], flags: 2));

        load.Should().Throw<PickleException>().WithMessage("*too few for its length*");
    }
}
