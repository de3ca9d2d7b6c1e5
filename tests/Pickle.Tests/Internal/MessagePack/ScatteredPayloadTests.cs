using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Pickling.Internal;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

/// <summary>
/// A large payload read from a file has each large blit read straight into an array of its own, which the loaded
/// value keeps. Wherever the reads cut the payload, it must load exactly what was dumped, report damage as damage
/// before anything is deserialized, and load a payload it cannot follow the same as a payload in memory.
/// </summary>
public class ScatteredPayloadTests
{
    private static readonly byte[] Key = Encoding.UTF8.GetBytes("scattered-payload-test-key-32-b!");

    public static TheoryData<int[], bool> ReadPatterns => new()
    {
        { [], false },
        { [], true },
        { [1], false },
        { [3, 5, 7], true },
        { [4093], false },
        { [ScatteredPayload.SmallestBlock + 1, 6], false },
        { [65_536 + 13, 2], true },
    };

    [Theory]
    [MemberData(nameof(ReadPatterns))]
    public async Task Load_ModelReadInPieces_LoadsEqual(int[] readSizes, bool useAsync)
    {
        var model = Mixed.Create();
        var frame = Pickle.DumpToBytes(model);
        using var stream = new ChoppyStream(frame, readSizes);

        var loaded = useAsync ? await Pickle.LoadAsync<Mixed>(stream) : Pickle.Load<Mixed>(stream);

        loaded.ShouldEqual(model);
        stream.Position.Should().Be(frame.Length, "the load stops right after the frame");
    }

    [Fact]
    public void LoadFromFile_Model_LoadsEqual()
    {
        var model = Mixed.Create();
        using var temp = new TempDirectory();
        var path = temp.File("model.pickle");
        Pickle.DumpToFile(model, path);

        Pickle.LoadFromFile<Mixed>(path).ShouldEqual(model);
    }

    [Fact]
    public async Task ReadAsync_LargeArrays_AreReadIntoArraysTheValueKeeps()
    {
        var model = new Dictionary<string, double[]>
        {
            ["big"] = Doubles(200_000, 1),
            ["small"] = Doubles(100, 2),
            ["edge"] = Doubles(ScatteredPayload.SmallestBlock / sizeof(double), 3),
            ["under"] = Doubles((ScatteredPayload.SmallestBlock / sizeof(double)) - 1, 4),
        };
        using var stream = new ChoppyStream(Pickle.DumpToBytes(model), 5000);
        var (header, headerBuffer) = await ReadHeader(stream);
        using var hash = FrameHasher.Start(headerBuffer.AsSpan(0, header.Length), []);

        using var payload = await ScatteredPayload.ReadAsync(stream, header, ReadOnlyMemory<byte>.Empty, hash, useAsync: false, CancellationToken.None);
        await FrameTrailer.ReadAsync(stream, headerBuffer, header, useAsync: false, CancellationToken.None);
        FrameTrailer.Check(hash, headerBuffer, header);
        var blocks = Blocks(payload.AsSequence());
        var loaded = MessagePackPickleSerializer.Default.Deserialize<Dictionary<string, double[]>>(payload.AsSequence(), PickleOptions.Default);

        loaded.Should().BeEquivalentTo(model, o => o.WithStrictOrdering());
        blocks.Should().HaveCount(2, "only the arrays of 16 KiB or more are blocks");
        IsIn(loaded["big"], blocks[0]).Should().BeTrue("the loaded array is the one its elements were read into");
        IsIn(loaded["edge"], blocks[1]).Should().BeTrue();
        ArrayPool<byte>.Shared.Return(headerBuffer);
    }

    [Fact]
    public async Task ReadAsync_BlockLoadedAsAList_IsCopiedAndTheBlockStaysUnclaimed()
    {
        var list = Enumerable.Range(0, 300_000).Select(i => i * 0.25).ToList();
        using var stream = new ChoppyStream(Pickle.DumpToBytes(new Dictionary<string, List<double>> { ["list"] = list }));
        var (header, headerBuffer) = await ReadHeader(stream);
        using var hash = FrameHasher.Start(headerBuffer.AsSpan(0, header.Length), []);

        using var payload = await ScatteredPayload.ReadAsync(stream, header, ReadOnlyMemory<byte>.Empty, hash, useAsync: true, CancellationToken.None);
        var loaded = MessagePackPickleSerializer.Default.Deserialize<Dictionary<string, List<double>>>(payload.AsSequence(), PickleOptions.Default);
        var block = Blocks(payload.AsSequence()).Single();

        loaded["list"].Should().Equal(list);
        ArrayByteMemory.TryClaim<double>(new ReadOnlySequence<byte>(block), out var claimed).Should().BeTrue("a list does not take the block's array");
        claimed.Should().Equal(list);
        ArrayByteMemory.TryClaim<double>(new ReadOnlySequence<byte>(block), out _).Should().BeFalse("an array is handed over once");
        ArrayPool<byte>.Shared.Return(headerBuffer);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.5)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public void Load_FlippedBit_ThrowsDamagedBeforeDeserializing(double where)
    {
        var frame = FrameBytes.Of(Mixed.Create());
        var offset = frame.PayloadOffset + (int)Math.Min(frame.PayloadLength - 1, (long)(where * frame.PayloadLength));
        frame.Bytes[offset] ^= 0x10;
        Mixed.Loaded = 0;

        var act = () => Pickle.Load<Mixed>(new ChoppyStream(frame.Bytes, 70_000, 3));

        act.Should().Throw<PickleException>().WithMessage("*damaged*checksum*");
        Mixed.Loaded.Should().Be(0, "nothing is deserialized before the checksum matches");
    }

    [Fact]
    public void Load_TrailerDamaged_ThrowsDamaged()
    {
        var frame = Pickle.DumpToBytes(Mixed.Create());
        frame[^1] ^= 0x01;

        var act = () => Pickle.Load<Mixed>(new ChoppyStream(frame));

        act.Should().Throw<PickleException>().WithMessage("*damaged*checksum*");
    }

    [Theory]
    [InlineData(0.3, false)]
    [InlineData(0.3, true)]
    [InlineData(0.999, false)]
    public async Task Load_StreamEndsEarlierThanItsLengthSaid_ThrowsTruncated(double kept, bool useAsync)
    {
        // A file cut short while it is read: its length promised the bytes, the reads do not deliver them. The model
        // is large enough for the checksum to be computed in the background, which must stop.
        var frame = Pickle.DumpToBytes(new Dictionary<string, double[]> { ["a"] = Doubles(400_000, 1), ["b"] = Doubles(300_000, 2) });
        var cut = frame[..(int)(frame.Length * kept)];
        using var stream = new OverclaimingStream(cut, frame.Length - cut.Length);

        var act = async () => _ = useAsync
            ? await Pickle.LoadAsync<Dictionary<string, double[]>>(stream)
            : Pickle.Load<Dictionary<string, double[]>>(stream);

        (await act.Should().ThrowAsync<PickleException>()).WithMessage("*stream ends in the middle of a frame*");
    }

    [Fact]
    public void Load_SignedModel_ChecksTheSignature()
    {
        var signing = new PickleOptions { SigningKey = Key };
        var model = Mixed.Create();
        var frame = Pickle.DumpToBytes(model, signing);

        Pickle.Load<Mixed>(new ChoppyStream(frame, 9000), signing).ShouldEqual(model);

        var otherKey = new PickleOptions { SigningKey = Encoding.UTF8.GetBytes("another-key-of-thirty-two-bytes!") };
        var act = () => Pickle.Load<Mixed>(new ChoppyStream(frame), otherKey);
        act.Should().Throw<PickleException>().WithMessage("*signature does not match*");
    }

    [Fact]
    public void Load_LargeBooleanBlockWithAByteThatIsNotABoolean_ThrowsPickleException()
    {
        var flags = Enumerable.Range(0, 100_000).Select(i => i % 3 == 0).ToArray();
        var frame = FrameBytes.Of(new Dictionary<string, bool[]> { ["padding"] = new bool[1_000_000], ["flags"] = flags });
        frame.Bytes[frame.Bytes.Length - 8 - 10] = 2;
        frame.FixTrailer();

        var act = () => Pickle.Load<Dictionary<string, bool[]>>(new ChoppyStream(frame.Bytes));

        act.Should().Throw<PickleException>().WithMessage("*has the byte value 2, not 0 or 1*");
    }

    [Fact]
    public void Load_ResealedMutations_LoadAsTheSameBytesInMemoryDo()
    {
        // Bytes changed and the checksums recomputed: whatever the scanner makes of them, the file path must give
        // the value or the error that the in-memory path gives for the same bytes.
        var model = new Dictionary<string, double[]>
        {
            ["a"] = Doubles(70_000, 1),
            ["b"] = Doubles(10, 2),
            ["c"] = Doubles(3_000, 3),
            ["d"] = Doubles(60_000, 4),
        };
        var original = Pickle.DumpToBytes(model);
        var payloadOffset = FrameBuilder.PayloadOffset(original);
        var headers = HeaderOffsets(original, payloadOffset);
        var random = new Random(20_261_126);
        for (var round = 0; round < 300; round++)
        {
            var frame = (byte[])original.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                // Mostly near the values' headers, where the scanner decides; sometimes anywhere.
                var at = random.Next(4) == 0
                    ? payloadOffset + random.Next(frame.Length - payloadOffset - 8)
                    : Math.Min(frame.Length - 9, headers[random.Next(headers.Count)] + random.Next(-2, 8));
                frame[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(frame[at] ^ (1 << random.Next(8)));
            }

            FrameBuilder.Reseal(frame);
            var inMemory = Outcome(() => Pickle.LoadFromBytes<Dictionary<string, double[]>>(frame));
            var fromFile = Outcome(() => Pickle.Load<Dictionary<string, double[]>>(new ChoppyStream(frame, random.Next(1, 40_000))));

            fromFile.Should().Be(inMemory, $"round {round} loads the same bytes");
        }
    }

    [LargeDataFact]
    [Trait("Category", "LargeData")]
    public void LoadFromFile_ArrayOver2GiBInsideAValue_LoadsBackEqual()
    {
        // A block of more than one 1 GiB part, between small values.
        using var directory = new TempDirectory();
        var path = directory.File("nested.pickle");
        var values = GC.AllocateUninitializedArray<float>(750_000_000);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        Pickle.DumpToFile(new Dictionary<string, float[]> { ["a"] = [1, 2], ["big"] = values, ["z"] = [3] }, path);
        var loaded = Pickle.LoadFromFile<Dictionary<string, float[]>>(path);

        loaded["a"].Should().Equal(1, 2);
        loaded["z"].Should().Equal(3);
        loaded["big"].AsSpan().SequenceEqual(values).Should().BeTrue();
    }

    [Fact]
    public void Scan_PayloadWithBlocks_FindsEachBlockAndSkipsTheRest()
    {
        var model = new Dictionary<string, object>
        {
            ["doubles"] = Doubles(5_000, 1),
            ["small"] = new int[10],
            ["text"] = new string('x', 40_000),
            ["bytes"] = new byte[70_000],
            ["matrix"] = new double[100, 100],
            ["floats"] = new float[4_096],
            ["chars"] = new string('y', 9_000).ToCharArray(),
        };
        var payload = RawFrames.PayloadOf(Pickle.DumpToBytes(model));
        var scanner = new BlockScanner(payload.Length, ScatteredPayload.SmallestBlock);
        var found = new List<(byte Code, long Length)>();

        for (var position = 0; position < payload.Length;)
        {
            position += scanner.Scan(payload.AsSpan(position), out var code, out var length);
            if (length > 0)
            {
                found.Add((code, length));
                position += (int)length;
            }
        }

        scanner.Stopped.Should().BeFalse();
        found.Should().Equal(((byte)'d', 40_000L), ((byte)'f', 16_384L), ((byte)'u', 18_000L));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    [InlineData(6)]
    public void Scan_SpanEndsInsideABlocksHeader_LeavesTheHeaderForTheNextSpan(int headerBytes)
    {
        var payload = BlockPayload((byte)'d', 20_000 * sizeof(double));
        var scanner = new BlockScanner(payload.Length, ScatteredPayload.SmallestBlock);

        scanner.Scan(payload.AsSpan(0, 3 + headerBytes), out _, out var none).Should().Be(3, "the block's header starts after the fixarray and the fixstr");
        none.Should().Be(0);
        scanner.Scan(payload.AsSpan(3), out var code, out var length).Should().Be(7);
        (code, length).Should().Be(((byte)'d', 160_000L));
    }

    [Theory]
    [InlineData((byte)'z', 160_000)]             // an unknown element code
    [InlineData((byte)'d', 160_004)]             // not a whole number of doubles
    [InlineData((byte)'d', ScatteredPayload.SmallestBlock - 8)] // too small to be worth a read of its own
    public void Scan_BlitThatIsNotABlock_IsSteppedOver(byte code, int elementBytes)
    {
        var payload = BlockPayload(code, elementBytes);
        var scanner = new BlockScanner(payload.Length, ScatteredPayload.SmallestBlock);

        scanner.Scan(payload, out _, out var length).Should().Be(payload.Length);
        length.Should().Be(0);
    }

    [Fact]
    public void Scan_BlockLongerThanThePayload_IsNotABlock()
    {
        var payload = BlockPayload((byte)'d', 160_000);
        var scanner = new BlockScanner(payload.Length - 1, ScatteredPayload.SmallestBlock);

        scanner.Scan(payload.AsSpan(0, 100), out _, out var length);

        length.Should().Be(0, "a block is never allocated for bytes the payload does not have");
    }

    [Fact]
    public void Scan_CodeMessagePackNeverUses_StopsForGood()
    {
        var scanner = new BlockScanner(1000, ScatteredPayload.SmallestBlock);

        scanner.Scan(new byte[] { 0x91, 0xc1, 0x00 }, out _, out _).Should().Be(3);
        scanner.Stopped.Should().BeTrue();
        scanner.Scan(BlockPayload((byte)'d', 160_000).AsSpan(0, 500), out _, out var length).Should().Be(500);
        length.Should().Be(0);
    }

    [Fact]
    public void TryClaim_MemoryThatIsNotAWholeLoadedArray_IsNotClaimed()
    {
        var array = Doubles(3_000, 1);
        var bytes = array.Length * sizeof(double);
        var loaded = ArrayByteMemory.LoadedPart(array, 0, bytes).Memory;
        var dumped = new ArrayByteMemory(array, 0, bytes).Memory;

        ArrayByteMemory.TryClaim<double>(new ReadOnlySequence<byte>(dumped), out _).Should().BeFalse("a dumped value's memory is never handed over");
        ArrayByteMemory.TryClaim<double>(new ReadOnlySequence<byte>(loaded[8..]), out _).Should().BeFalse("not from the array's start");
        ArrayByteMemory.TryClaim<double>(new ReadOnlySequence<byte>(loaded[..^8]), out _).Should().BeFalse("not to its end");
        ArrayByteMemory.TryClaim<long>(new ReadOnlySequence<byte>(loaded), out _).Should().BeFalse("not of the type asked for");
        ArrayByteMemory.TryClaim<double>(new ReadOnlySequence<byte>(loaded), out var claimed).Should().BeTrue();
        claimed.Should().BeSameAs(array);
    }

    private static async Task<(FrameHeader Header, byte[] Buffer)> ReadHeader(Stream stream)
    {
        var headerBuffer = FrameReader.RentFrameBuffer();
        var header = await FrameReader.ReadHeaderAsync(stream, headerBuffer, PickleOptions.Default.MaxPayloadSize, useAsync: false, CancellationToken.None);
        return (header!.Value, headerBuffer);
    }

    /// <summary>The segments of a payload that are loaded arrays' bytes.</summary>
    private static List<ReadOnlyMemory<byte>> Blocks(ReadOnlySequence<byte> payload)
    {
        var blocks = new List<ReadOnlyMemory<byte>>();
        foreach (var segment in payload)
        {
            if (MemoryMarshal.TryGetMemoryManager<byte, ArrayByteMemory>(segment, out _))
            {
                blocks.Add(segment);
            }
        }

        return blocks;
    }

    private static bool IsIn(double[] array, ReadOnlyMemory<byte> block) =>
        Unsafe.AreSame(
            ref Unsafe.As<double, byte>(ref MemoryMarshal.GetArrayDataReference(array)),
            ref MemoryMarshal.GetReference(block.Span))
        && block.Length == array.Length * sizeof(double);

    /// <summary>A payload <c>["k", blit]</c> whose blit has the given element code and element bytes (zeros).</summary>
    private static byte[] BlockPayload(byte code, int elementBytes)
    {
        var payload = new byte[3 + 6 + 1 + elementBytes];
        payload[0] = 0x92;
        payload[1] = 0xa1;
        payload[2] = (byte)'k';
        payload[3] = 0xc9;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(payload.AsSpan(4), (uint)(elementBytes + 1));
        payload[8] = 90;
        payload[9] = code;
        return payload;
    }

    /// <summary>The offsets of the keys' and arrays' headers in a dumped dictionary of double[].</summary>
    private static List<int> HeaderOffsets(byte[] frame, int payloadOffset)
    {
        var offsets = new List<int>();
        for (var i = payloadOffset; i < frame.Length - 8; i++)
        {
            if (frame[i] is 0xc9 or 0xc8 or 0xc7 or 0xa1 or 0x84)
            {
                offsets.Add(i);
            }
        }

        return offsets;
    }

    private static string Outcome(Func<Dictionary<string, double[]>> load)
    {
        try
        {
            var value = load();
            return string.Join(";", value.Select(p => $"{p.Key}:{p.Value.Length}:{p.Value.Sum()}"));
        }
        catch (PickleException e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static double[] Doubles(int count, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.NextDouble() - 0.5).ToArray();
    }

    /// <summary>Arrays of every blittable kind around the block size, among small values, in one large payload.</summary>
    public sealed class Mixed : IPickleCallbacks
    {
        [ThreadStatic]
        private static int t_loaded;

        /// <summary>How many were loaded on this thread (the count the damage tests reset and read).</summary>
        public static int Loaded
        {
            get => t_loaded;
            set => t_loaded = value;
        }

        public string Name { get; set; } = string.Empty;

        public Dictionary<string, double[]> Weights { get; set; } = [];

        public float[] Embedding { get; set; } = [];

        public List<double> History { get; set; } = [];

        public Memory<int> Ids { get; set; }

        public ReadOnlyMemory<short> Shorts { get; set; }

        public bool[] Mask { get; set; } = [];

        public char[] Text { get; set; } = [];

        public Half[] Halves { get; set; } = [];

        public long[] Longs { get; set; } = [];

        public byte[] Raw { get; set; } = [];

        public List<byte> ByteList { get; set; } = [];

        public double[,] Matrix { get; set; } = new double[0, 0];

        public List<int[]> Chunks { get; set; } = [];

        public static Mixed Create()
        {
            var random = new Random(11);
            var weights = new Dictionary<string, double[]>();
            var edge = ScatteredPayload.SmallestBlock / sizeof(double);
            foreach (var length in new[] { 0, 1, edge - 1, edge, edge + 1, 3, 50_000, edge * 2, 7 })
            {
                weights.Add($"w{weights.Count}.{length}", Doubles(length, weights.Count));
            }

            return new Mixed
            {
                Name = "model",
                Weights = weights,
                Embedding = Enumerable.Range(0, 150_000).Select(i => i * 0.5f).ToArray(),
                History = Enumerable.Range(0, 30_000).Select(i => i / 3.0).ToList(),
                Ids = Enumerable.Range(0, 5_000).ToArray(),
                Shorts = Enumerable.Range(0, 8_193).Select(i => (short)i).ToArray(),
                Mask = Enumerable.Range(0, 40_000).Select(i => i % 7 == 0).ToArray(),
                Text = new string('é', 20_000).ToCharArray(),
                Halves = Enumerable.Range(0, 10_000).Select(i => (Half)i).ToArray(),
                Longs = Enumerable.Range(0, 2_047).Select(i => (long)i << 33).ToArray(),
                Raw = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray(),
                ByteList = Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToList(),
                Matrix = new double[300, 200],
                Chunks = Enumerable.Range(0, 12).Select(i => new int[random.Next(1, 9_000)]).ToList(),
            };
        }

        public void ShouldEqual(Mixed expected)
        {
            Name.Should().Be(expected.Name);
            Weights.Should().BeEquivalentTo(expected.Weights, o => o.WithStrictOrdering());
            Embedding.Should().Equal(expected.Embedding);
            History.Should().Equal(expected.History);
            Ids.ToArray().Should().Equal(expected.Ids.ToArray());
            Shorts.ToArray().Should().Equal(expected.Shorts.ToArray());
            Mask.Should().Equal(expected.Mask);
            Text.Should().Equal(expected.Text);
            Halves.Should().Equal(expected.Halves);
            Longs.Should().Equal(expected.Longs);
            Raw.Should().Equal(expected.Raw);
            ByteList.Should().Equal(expected.ByteList);
            Matrix.Should().BeEquivalentTo(expected.Matrix);
            Chunks.Should().BeEquivalentTo(expected.Chunks, o => o.WithStrictOrdering());
        }

        public void OnDumping()
        {
        }

        public void OnLoaded() => t_loaded++;
    }
}
