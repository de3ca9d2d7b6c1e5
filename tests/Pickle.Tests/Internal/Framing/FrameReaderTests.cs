using System.Text;
using MessagePack;
using MessagePack.Formatters;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

/// <summary>
/// Large frames take their own paths: a payload that is one array is read from the stream straight into the array,
/// a large payload in memory is read without a copy, and any other large payload has its checksum computed while it
/// is deserialized. Each must load what was dumped and report damage as damage.
/// </summary>
public class FrameReaderTests
{
    private const int LargeCount = 400_000;

    private static readonly byte[] Key = Encoding.UTF8.GetBytes("frame-loader-test-key-32-bytes!!");

    public static TheoryData<string, bool> StreamKinds => new()
    {
        { "memory", false },
        { "memory", true },
        { "memory-with-origin", false },
        { "memory-subclass", false },
        { "file", false },
        { "file", true },
        { "non-seekable", false },
        { "non-seekable", true },
    };

    public static TheoryData<int> BlitDamageOffsets => new()
    {
        0,              // ext 32 code: not a blit any more, read the usual way
        2,              // ext length
        5,              // extension type
        6,              // element code
        7,              // first element
        LargeCount * 2, // an element in the middle
        -1,             // the last element
    };

    [Theory]
    [MemberData(nameof(StreamKinds))]
    public async Task Load_LargeArrayThenAnotherFrame_LoadsBothAndStopsAfterEach(string kind, bool useAsync)
    {
        var first = Floats(LargeCount);
        var second = Enumerable.Range(0, LargeCount).Select(i => i * 0.5).ToArray();
        using var buffer = new MemoryStream();
        Pickle.Dump(first, buffer);
        Pickle.Dump(second, buffer);
        buffer.WriteByte(0x42);
        using var temp = new TempDirectory();
        using var stream = Open(kind, buffer.ToArray(), temp);

        var loadedFirst = useAsync ? await Pickle.LoadAsync<float[]>(stream) : Pickle.Load<float[]>(stream);
        var loadedSecond = useAsync ? await Pickle.LoadAsync<double[]>(stream) : Pickle.Load<double[]>(stream);

        loadedFirst.Should().Equal(first);
        loadedSecond.Should().Equal(second);
        stream.ReadByte().Should().Be(0x42);
    }

    [Theory]
    [InlineData("memory", false)]
    [InlineData("memory", true)]
    [InlineData("file", true)]
    [InlineData("non-seekable", true)]
    public async Task Load_LargeListsMemoriesMatricesAndBooleans_LoadsEqual(string kind, bool useAsync)
    {
        var ints = Enumerable.Range(0, LargeCount).ToArray();
        var shorts = Enumerable.Range(0, LargeCount * 2).Select(i => (short)i).ToArray();
        var flags = Enumerable.Range(0, LargeCount * 4).Select(i => i % 3 == 0).ToArray();
        var longs = Enumerable.Range(0, LargeCount / 2).Select(i => (long)i << 20).ToList();
        var matrix = new double[700, 300];
        var cube = (float[,,])Array.CreateInstance(typeof(float), [80, 60, 90], [-3, 0, 7]);
        for (var i = 0; i < matrix.GetLength(0); i++)
        {
            for (var j = 0; j < matrix.GetLength(1); j++)
            {
                matrix[i, j] = i - (j * 0.5);
                cube[(i % 80) - 3, j % 60, 7 + (i % 90)] = i + j;
            }
        }

        using var buffer = new MemoryStream();
        Pickle.Dump(new Memory<int>(ints), buffer);
        Pickle.Dump(new ReadOnlyMemory<short>(shorts), buffer);
        Pickle.Dump(flags, buffer);
        Pickle.Dump(longs, buffer);
        Pickle.Dump(matrix, buffer);
        Pickle.Dump(cube, buffer);
        using var temp = new TempDirectory();
        using var stream = Open(kind, buffer.ToArray(), temp);

        (await Load<Memory<int>>(stream, useAsync)).ToArray().Should().Equal(ints);
        (await Load<ReadOnlyMemory<short>>(stream, useAsync)).ToArray().Should().Equal(shorts);
        (await Load<bool[]>(stream, useAsync)).Should().Equal(flags);
        (await Load<List<long>>(stream, useAsync)).Should().Equal(longs);
        (await Load<double[,]>(stream, useAsync)).Should().BeEquivalentTo(matrix, o => o.WithStrictOrdering());
        var loadedCube = await Load<float[,,]>(stream, useAsync);
        loadedCube.GetLowerBound(0).Should().Be(-3);
        loadedCube.GetLowerBound(2).Should().Be(7);
        loadedCube.Cast<float>().Should().Equal(cube.Cast<float>());
    }

    public static readonly TheoryData<string> FramesOfEachHeaderVersion = ["current", "version 1", "named format"];

    [Theory]
    [MemberData(nameof(FramesOfEachHeaderVersion))]
    public void LoadFromBytes_FrameCutShortAtEachByte_FailsAsALoadFromAStreamDoes(string version)
    {
        var frame = version switch
        {
            "current" => Pickle.DumpToBytes(new List<int> { 1, 2, 3 }),
            "version 1" => RawFrames.Build([0x93, 1, 2, 3]),
            _ => RawFrames.BuildCurrent([0x01], format: "custom-format"),
        };

        for (var cut = 1; cut < frame.Length; cut++)
        {
            var bytes = frame[..cut];
            var fromBytes = () => Pickle.LoadFromBytes<List<int>>(bytes);
            var fromStream = () => Pickle.Load<List<int>>(new MemoryStream(bytes));

            var expected = fromStream.Should().Throw<PickleException>().Which;
            var actual = fromBytes.Should().Throw<PickleException>($"the frame is cut after {cut} bytes").Which;
            actual.GetType().Should().Be(expected.GetType(), $"the frame is cut after {cut} bytes");
            if (expected is PickleDamagedException damaged)
            {
                // The two name where the frame is differently (frame 1 at offset 0, the stream's frame); what is wrong is the same.
                var located = (PickleDamagedException)actual;
                located.Reason.Should().Be(damaged.Reason, $"the frame is cut after {cut} bytes");
                located.IsTruncated.Should().Be(damaged.IsTruncated, $"the frame is cut after {cut} bytes");
            }
            else
            {
                actual.Message.Should().Be(expected.Message, $"the frame is cut after {cut} bytes");
            }
        }
    }

    [Theory]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(30)]
    [InlineData(5000)]
    public void Load_LargeMatrixWithAFlippedBit_ThrowsDamaged(int payloadOffset)
    {
        // The element code, the rank, a length, a lower bound, an element.
        var frame = FrameBytes.Of(new double[700, 300]);
        frame.Bytes[frame.PayloadOffset + payloadOffset] ^= 0x02;

        foreach (var kind in new[] { "memory", "file" })
        {
            using var temp = new TempDirectory();
            using var stream = Open(kind, frame.Bytes, temp);

            var act = () => Pickle.Load<double[,]>(stream);

            act.Should().Throw<PickleException>().WithMessage("*damaged*", $"a flipped bit is damage, read from a {kind} stream");
        }
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void Load_LargeArrayHashedInTheBackground_LoadsOrReportsDamage(double flipAt)
    {
        // 4.8 MB: a synchronous load hashes it on another thread while it reads the next chunk.
        var values = Enumerable.Range(0, 600_000).Select(i => i * 0.5).ToArray();
        var frame = FrameBytes.Of(values);
        if (flipAt >= 0)
        {
            frame.Bytes[frame.PayloadOffset + (int)Math.Min(frame.PayloadLength - 1, (long)(flipAt * frame.PayloadLength))] ^= 0x08;
        }

        var load = () => Pickle.Load<double[]>(new ChoppyStream(frame.Bytes, 1_000_000, 333));

        if (flipAt < 0)
        {
            load().Should().Equal(values);
        }
        else
        {
            load.Should().Throw<PickleException>().WithMessage("*damaged*checksum*");
        }
    }

    [Fact]
    public void Load_LargeArrayFromAStreamThatEndsEarly_ThrowsTruncated()
    {
        var frame = Pickle.DumpToBytes(Enumerable.Range(0, 600_000).Select(i => (double)i).ToArray());
        var cut = frame[..(frame.Length / 2)];

        var load = () => Pickle.Load<double[]>(new OverclaimingStream(cut, frame.Length - cut.Length));

        load.Should().Throw<PickleException>().WithMessage("*stream ends in the middle of a frame*");
    }

    [Fact]
    public void Load_LargeMatrixAsAnotherRank_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes(new double[700, 300]);

        var act = () => Pickle.LoadFromBytes<double[,,]>(frame);

        act.Should().Throw<PickleException>().WithMessage("*holds a System.Double[,]; it cannot be loaded as a System.Double[,,]*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_LargeListOfBooleansHoldingAByteThatIsNotABoolean_ThrowsPickleException(bool useAsync)
    {
        var frame = FrameBytes.Of(new List<bool>(new bool[LargeCount * 4]));
        frame.Bytes[frame.PayloadOffset + 1000] = 7;
        frame.FixTrailer();
        using var stream = new MemoryStream(frame.Bytes);

        var act = async () => await Load<List<bool>>(stream, useAsync);

        await act.Should().ThrowAsync<PickleException>().WithMessage("*boolean 990 has the byte value 7*");
    }

    [Theory]
    [MemberData(nameof(BlitDamageOffsets))]
    public void Load_LargeArrayWithAFlippedBit_ThrowsDamaged(int payloadOffset)
    {
        var frame = FrameBytes.Of(Floats(LargeCount));
        var index = frame.PayloadOffset + (payloadOffset >= 0 ? payloadOffset : (int)frame.PayloadLength + payloadOffset);
        frame.Bytes[index] ^= 0x10;

        foreach (var kind in new[] { "memory", "file", "non-seekable" })
        {
            using var temp = new TempDirectory();
            using var stream = Open(kind, frame.Bytes, temp);

            var act = () => Pickle.Load<float[]>(stream);

            act.Should().Throw<PickleException>().WithMessage("*damaged*", $"a flipped bit is damage, read from a {kind} stream");
        }
    }

    [Fact]
    public async Task LoadAsync_LargeArrayWithAFlippedChecksum_ThrowsDamaged()
    {
        var frame = Pickle.DumpToBytes(Floats(LargeCount));
        frame[^3] ^= 0x01;
        using var stream = new MemoryStream(frame);

        var act = async () => await Pickle.LoadAsync<float[]>(stream);

        await act.Should().ThrowAsync<PickleException>().WithMessage("*damaged*");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_LargeArrayFromAStreamThatEndsEarly_ThrowsCutShort(bool useAsync)
    {
        var frame = Pickle.DumpToBytes(Floats(LargeCount));
        using var stream = new OverclaimingStream(frame[..(frame.Length / 2)], claimedExtra: frame.Length);

        var act = async () => _ = useAsync ? await Pickle.LoadAsync<float[]>(stream) : Pickle.Load<float[]>(stream);

        await act.Should().ThrowAsync<PickleException>().WithMessage("*cut short*");
    }

    [Fact]
    public void Load_LargeArrayWithOnlyItsPayloadStart_ThrowsCutShort()
    {
        var frame = FrameBytes.Of(Floats(LargeCount));
        using var stream = new OverclaimingStream(frame.Bytes[..(frame.PayloadOffset + 3)], claimedExtra: frame.Bytes.Length);

        var act = () => Pickle.Load<float[]>(stream);

        act.Should().Throw<PickleException>().WithMessage("*cut short*");
    }

    [Fact]
    public void Load_LargeBooleansHoldingAByteThatIsNotABoolean_ThrowsPickleException()
    {
        var frame = FrameBytes.Of(new bool[LargeCount * 4]);
        frame.Bytes[frame.PayloadOffset + 1000] = 2;
        frame.FixTrailer();

        var act = () => Pickle.LoadFromBytes<bool[]>(frame.Bytes);

        act.Should().Throw<PickleException>().WithMessage("*boolean 990 has the byte value 2*").WithInnerException<MessagePackSerializationException>();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Load_LargeSignedArray_ChecksTheSignature(bool useAsync)
    {
        var options = PickleOptions.Default with { SigningKey = Key };
        var values = Floats(LargeCount);
        var signed = FrameBytes.Of(values, options);
        var altered = FrameBytes.Of(values, options);
        altered.Bytes[altered.PayloadOffset + 5000] ^= 0x01;
        altered.FixTrailer();
        var unsigned = Pickle.DumpToBytes(values);

        (await Load<float[]>(signed.Bytes, options, useAsync)).Should().Equal(values);
        (await Load<float[]>(signed.Bytes, null, useAsync)).Should().Equal(values, "a signature is skipped without a key");
        var alteredLoad = async () => await Load<float[]>(altered.Bytes, options, useAsync);
        await alteredLoad.Should().ThrowAsync<PickleException>().WithMessage("*signature does not match*");
        var unsignedLoad = async () => await Load<float[]>(unsigned, options, useAsync);
        await unsignedLoad.Should().ThrowAsync<PickleException>().WithMessage("*not signed*");
    }

    [Fact]
    public void Load_LargeArrayWithAHeaderAroundIt_LoadsTheUsualWay()
    {
        var values = Floats(LargeCount);
        var frame = Pickle.DumpToBytes(values, PickleOptions.Default with { PreserveReferences = true });

        Pickle.LoadFromBytes<float[]>(frame).Should().Equal(values);
    }

    [Fact]
    public void Load_LargeArrayAsAnotherElementType_ThrowsPickleExceptionNamingBoth()
    {
        var frame = Pickle.DumpToBytes(Floats(LargeCount));

        var act = () => Pickle.LoadFromBytes<int[]>(frame);

        act.Should().Throw<PickleException>().WithMessage("*System.Single*System.Int32*");
    }

    [Fact]
    public void LoadFromBytes_ThenTheBytesChange_TheValueDoesNot()
    {
        var model = Model();
        var names = Enumerable.Range(0, LargeCount / 4).Select(i => "name " + i).ToList();
        var modelFrame = Pickle.DumpToBytes(model);
        var namesFrame = Pickle.DumpToBytes(names);

        var loadedModel = Pickle.LoadFromBytes<Dictionary<string, double[]>>(modelFrame);
        var loadedNames = Pickle.LoadFromBytes<List<string>>(namesFrame);
        Array.Clear(modelFrame);
        Array.Clear(namesFrame);

        loadedModel.Should().BeEquivalentTo(model);
        loadedNames.Should().Equal(names);
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("memory-with-origin")]
    [InlineData("file")]
    [InlineData("non-seekable")]
    public void Load_LargeObjectGraph_LoadsEqual(string kind)
    {
        var model = Model();
        using var temp = new TempDirectory();
        using var stream = Open(kind, Pickle.DumpToBytes(model), temp);

        Pickle.Load<Dictionary<string, double[]>>(stream).Should().BeEquivalentTo(model);
    }

    [Theory]
    [InlineData("map header")]
    [InlineData("first key")]
    [InlineData("array data")]
    [InlineData("last byte")]
    [InlineData("checksum")]
    public void Load_LargeObjectGraphWithAFlippedBit_ThrowsDamaged(string where)
    {
        var frame = FrameBytes.Of(Model());
        var payload = frame.Bytes.AsSpan(frame.PayloadOffset, (int)frame.PayloadLength);
        var index = frame.PayloadOffset + where switch
        {
            "map header" => 0,
            "first key" => payload.IndexOf("layer"u8) + 2,
            "array data" => (int)frame.PayloadLength / 2,
            "last byte" => (int)frame.PayloadLength - 1,
            _ => (int)frame.PayloadLength + 3,
        };
        frame.Bytes[index] ^= 0x04;

        foreach (var kind in new[] { "memory", "non-seekable" })
        {
            using var temp = new TempDirectory();
            using var stream = Open(kind, frame.Bytes, temp);

            var act = () => Pickle.Load<Dictionary<string, double[]>>(stream);

            act.Should().Throw<PickleException>().WithMessage("*damaged*", $"a flipped bit in the {where} is damage, read from a {kind} stream");
        }
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    public void Load_LargeObjectGraphWithALoadInsideItsConverter_VerifiesBoth(int damage)
    {
        // The converter loads a large pickle of its own while the outer one loads: each checks its own checksum.
        var options = PickleOptions.Default with { Converters = [PickleConverter.FromFormatter(new EmbeddedPickleFormatter())] };
        var value = new Embedded(Model(), Floats(LargeCount));
        var frame = FrameBytes.Of(value, options);
        if (damage != 0)
        {
            // In the inner pickle's bytes, or in the outer array after them.
            var payload = frame.Bytes.AsSpan(frame.PayloadOffset, (int)frame.PayloadLength);
            frame.Bytes[frame.PayloadOffset + (damage < 0 ? payload.IndexOf("layer"u8) + 3 : payload.Length - 10)] ^= 0x01;
        }

        var act = () => Pickle.LoadFromBytes<Embedded>(frame.Bytes, options);

        if (damage == 0)
        {
            var loaded = act();
            loaded.Inner.Should().BeEquivalentTo(value.Inner);
            loaded.Outer.Should().Equal(value.Outer);
        }
        else
        {
            act.Should().Throw<PickleException>().WithMessage("*damaged*");
        }
    }

    private static float[] Floats(int count) => Enumerable.Range(0, count).Select(i => (float)Math.Sin(i)).ToArray();

    private static Dictionary<string, double[]> Model() =>
        Enumerable.Range(0, 40).ToDictionary(i => $"layer{i}.weight", i => Enumerable.Range(0, 1 << (i % 17)).Select(j => j * 0.25 + i).ToArray());

    private static async Task<T> Load<T>(byte[] frame, PickleOptions? options, bool useAsync)
    {
        using var stream = new MemoryStream(frame);
        return useAsync ? await Pickle.LoadAsync<T>(stream, options) : Pickle.Load<T>(stream, options);
    }

    private static async Task<T> Load<T>(Stream stream, bool useAsync) =>
        useAsync ? await Pickle.LoadAsync<T>(stream) : Pickle.Load<T>(stream);

    private static Stream Open(string kind, byte[] bytes, TempDirectory temp)
    {
        switch (kind)
        {
            case "memory":
                return new MemoryStream(bytes);
            case "memory-with-origin":
                var padded = new byte[bytes.Length + 20];
                bytes.CopyTo(padded, 13);
                return new MemoryStream(padded, 13, bytes.Length, writable: false, publiclyVisible: true);
            case "memory-subclass":
                var probe = new ProbeStream();
                probe.Write(bytes);
                probe.Position = 0;
                return probe;
            case "file":
                var path = temp.File("frames.pickle");
                File.WriteAllBytes(path, bytes);
                return Pickle.OpenRead(path);
            default:
                return new TrickleStream(new MemoryStream(bytes), maxRead: 64 * 1024);
        }
    }

    /// <summary>A value whose converter writes a pickle of its own (of <see cref="Inner"/>) as bytes, then <see cref="Outer"/>.</summary>
    public sealed record Embedded(Dictionary<string, double[]> Inner, float[] Outer);

    private sealed class EmbeddedPickleFormatter : IMessagePackFormatter<Embedded>
    {
        public void Serialize(ref MessagePackWriter writer, Embedded value, MessagePackSerializerOptions options)
        {
            writer.WriteArrayHeader(2);
            writer.Write(Pickle.DumpToBytes(value.Inner));
            options.Resolver.GetFormatterWithVerify<float[]>().Serialize(ref writer, value.Outer, options);
        }

        public Embedded Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
        {
            reader.ReadArrayHeader();
            var inner = Pickle.LoadFromBytes<Dictionary<string, double[]>>(System.Buffers.BuffersExtensions.ToArray(reader.ReadBytes()!.Value));
            var outer = options.Resolver.GetFormatterWithVerify<float[]>().Deserialize(ref reader, options);
            return new Embedded(inner, outer);
        }
    }
}
