using System.Reflection;
using System.Runtime.InteropServices;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class BlitFormatterTests
{
    public static readonly TheoryData<Array> ArraysOfEveryElementType = new()
    {
        new[] { true, false, true, true },
        new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue },
        new short[] { short.MinValue, -1, 0, short.MaxValue },
        new ushort[] { 0, 1, ushort.MaxValue },
        new[] { int.MinValue, -1, 0, int.MaxValue },
        new uint[] { 0, 1, uint.MaxValue },
        new[] { long.MinValue, -1, 0, long.MaxValue },
        new ulong[] { 0, 1, ulong.MaxValue },
        new[] { Half.MinValue, Half.Epsilon, Half.MaxValue, Half.NegativeInfinity },
        new[] { float.MinValue, float.Epsilon, float.MaxValue, float.PositiveInfinity },
        new[] { double.MinValue, double.Epsilon, double.MaxValue, double.NegativeInfinity },
        new[] { 'a', '\0', '\uD800', '\uFFFF' },
    };

    public static readonly TheoryData<object> ContainersOfPrimitives = new()
    {
        new List<int> { 1, 2, 3 },
        new List<byte> { 1, 2, 255 },
        new List<bool>(),
        new Memory<double>([1.5, -2.5]),
        new ReadOnlyMemory<char>(['x', 'y']),
        new Memory<float>([1, 2, 3, 4, 5], 1, 3),
        new[,] { { 1, 2, 3 }, { 4, 5, 6 } },
        new byte[,] { { 1, 2 }, { 3, 4 } },
        new double[2, 3, 4],
        new long[0, 5],
        Array.CreateInstance(typeof(short), [2, 3], [-1, 10]),
        Array.Empty<float>(),
        new List<Half> { Half.One },
    };

    [Theory]
    [MemberData(nameof(ArraysOfEveryElementType))]
    public void Dump_ArrayOfEachElementType_LoadsBackEqual(Array values)
    {
        var loaded = RoundTripAs(values.GetType(), values);

        loaded.Should().BeOfType(values.GetType()).And.BeEquivalentTo(values, o => o.WithStrictOrdering());
    }

    [Theory]
    [MemberData(nameof(ArraysOfEveryElementType))]
    public void Dump_ArrayOfEachElementType_WritesOneBlockOfLittleEndianElements(Array values)
    {
        var payload = RawFrames.PayloadOf(DumpToBytesAs(values.GetType(), values));
        var elementType = values.GetType().GetElementType()!;
        if (PlainVectors.IsWrittenPlain(elementType, values.Length))
        {
            payload.Should().Equal(PlainVectors.Expected(values.Cast<object>()), "a few integers or booleans are a plain MessagePack array");
            return;
        }

        var elementSize = elementType == typeof(bool) ? 1 : elementType == typeof(char) ? 2 : Marshal.SizeOf(elementType);
        var dataLength = 1 + (values.Length * elementSize);

        payload.Length.Should().Be(3 + dataLength, "an ext 8 header, the element code and the elements");
        payload[0].Should().Be(0xC7);
        payload[1].Should().Be((byte)dataLength);
        payload[2].Should().Be(90);
        var elements = payload.AsSpan(4);
        var expected = MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(values), values.Length * elementSize));
        elements.ToArray().Should().Equal(expected.ToArray());
    }

    public static readonly TheoryData<int> CountsAroundHeaderForms = [0, 1, 3, 7, 15, 16, 62, 63, 64, 65, 253, 254, 255, 256, 16_383, 16_384, 70_000];

    [Theory]
    [MemberData(nameof(CountsAroundHeaderForms))]
    public void Dump_ListsAndArraysAroundHeaderForms_WriteTheSmallestExtensionHeader(int count)
    {
        var bytes = Enumerable.Range(0, count).Select(i => (byte)(i * 7)).ToList();
        var ints = Enumerable.Range(0, count).Select(i => (i * 7919) - 5).ToArray();

        var expectedBytes = PlainVectors.IsWrittenPlain(typeof(byte), count) ? PlainVectors.Expected(bytes.Cast<object>()) : ExpectedBlit((byte)'B', [.. bytes]);
        var expectedInts = PlainVectors.IsWrittenPlain(typeof(int), count) ? PlainVectors.Expected(ints.Cast<object>()) : ExpectedBlit((byte)'i', MemoryMarshal.AsBytes(ints.AsSpan()).ToArray());

        RawFrames.PayloadOf(Pickle.DumpToBytes(bytes)).Should().Equal(expectedBytes);
        RawFrames.PayloadOf(Pickle.DumpToBytes(ints.ToList())).Should().Equal(expectedInts);
        RawFrames.PayloadOf(Pickle.DumpToBytes(ints)).Should().Equal(expectedInts);
    }

    [Theory]
    [InlineData(8, true)]
    [InlineData(9, false)]
    public void Dump_ListOfIntegers_IsAPlainArrayUpToEightElements(int count, bool plain)
    {
        var payload = RawFrames.PayloadOf(Pickle.DumpToBytes(Enumerable.Range(1, count).ToList()));

        (payload[0] == 0x90 + count).Should().Be(plain);
        Pickle.LoadFromBytes<List<int>>(Pickle.DumpToBytes(Enumerable.Range(1, count).ToList())).Should().Equal(Enumerable.Range(1, count));
    }

    /// <summary>A blit as MessagePack's own writer frames an extension: its header, then the element code and the elements.</summary>
    private static byte[] ExpectedBlit(byte code, byte[] elements)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new global::MessagePack.MessagePackWriter(buffer);
        writer.WriteExtensionFormatHeader(new global::MessagePack.ExtensionHeader(90, (uint)(1 + elements.Length)));
        writer.WriteRaw(new byte[] { code });
        writer.WriteRaw(elements);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    [Theory]
    [MemberData(nameof(ContainersOfPrimitives))]
    public void Dump_ContainerOfPrimitives_LoadsBackEqual(object value)
    {
        var loaded = RoundTripAs(value.GetType(), value);

        loaded.Should().BeOfType(value.GetType());
        switch (value)
        {
            case Array array:
                var loadedArray = (Array)loaded!;
                for (var dimension = 0; dimension < array.Rank; dimension++)
                {
                    loadedArray.GetLength(dimension).Should().Be(array.GetLength(dimension));
                    loadedArray.GetLowerBound(dimension).Should().Be(array.GetLowerBound(dimension));
                }

                loadedArray.Cast<object>().Should().Equal(array.Cast<object>());
                break;
            case Memory<double> memory:
                ((Memory<double>)loaded!).ToArray().Should().Equal(memory.ToArray());
                break;
            case Memory<float> memory:
                ((Memory<float>)loaded!).ToArray().Should().Equal(memory.ToArray());
                break;
            case ReadOnlyMemory<char> memory:
                ((ReadOnlyMemory<char>)loaded!).ToArray().Should().Equal(memory.ToArray());
                break;
            default:
                loaded.Should().BeEquivalentTo(value, o => o.WithStrictOrdering());
                break;
        }
    }

    [Fact]
    public void Dump_ByteArray_StaysMessagePackBin()
    {
        var payload = RawFrames.PayloadOf(Pickle.DumpToBytes(new byte[] { 1, 2, 3 }));

        payload.Should().Equal(0xC4, 3, 1, 2, 3);
    }

    [Fact]
    public void Dump_NaNsAndNegativeZeros_KeepTheirExactBits()
    {
        float[] floats = [BitConverter.Int32BitsToSingle(0x7FC00001), BitConverter.Int32BitsToSingle(unchecked((int)0xFFB00000)), -0.0f];
        double[] doubles = [BitConverter.Int64BitsToDouble(0x7FF8000000000123), -0.0];
        Half[] halves = [BitConverter.Int16BitsToHalf(0x7E01), BitConverter.Int16BitsToHalf(unchecked((short)0x8000))];

        var loadedFloats = Pickle.LoadFromBytes<float[]>(Pickle.DumpToBytes(floats));
        var loadedDoubles = Pickle.LoadFromBytes<double[]>(Pickle.DumpToBytes(doubles));
        var loadedHalves = Pickle.LoadFromBytes<Half[]>(Pickle.DumpToBytes(halves));

        loadedFloats.Select(BitConverter.SingleToInt32Bits).Should().Equal(floats.Select(BitConverter.SingleToInt32Bits));
        loadedDoubles.Select(BitConverter.DoubleToInt64Bits).Should().Equal(doubles.Select(BitConverter.DoubleToInt64Bits));
        loadedHalves.Select(BitConverter.HalfToInt16Bits).Should().Equal(halves.Select(BitConverter.HalfToInt16Bits));
    }

    [Fact]
    public void Dump_LargeArraysBetweenOtherMembers_LoadBackEqual()
    {
        var model = new Model
        {
            Name = "before",
            Weights = Enumerable.Range(0, 100_000).Select(i => i * 0.5f).ToArray(),
            Biases = new Memory<double>(Enumerable.Range(0, 50_000).Select(i => (double)i).ToArray(), 7, 40_000),
            Grid = new int[300, 100],
            Counts = Enumerable.Range(0, 70_000).ToList(),
            Note = "after",
        };
        model.Grid[299, 99] = 42;

        using var stream = new MemoryStream();
        Pickle.Dump(model, stream);
        stream.Position = 0;
        var loaded = Pickle.Load<Model>(new TrickleStream(stream, maxRead: 4096));

        loaded.Name.Should().Be("before");
        loaded.Weights.Should().Equal(model.Weights);
        loaded.Biases.ToArray().Should().Equal(model.Biases.ToArray());
        loaded.Grid.Should().BeEquivalentTo(model.Grid);
        loaded.Counts.Should().Equal(model.Counts);
        loaded.Note.Should().Be("after");
    }

    [Fact]
    public void Dump_NullArrayMember_LoadsBackNull()
    {
        var loaded = Pickle.LoadFromBytes<Model>(Pickle.DumpToBytes(new Model { Name = "x" }));

        loaded.Weights.Should().BeNull();
        loaded.Grid.Should().BeNull();
        loaded.Counts.Should().BeNull();
    }

    [Fact]
    public async Task DumpAsync_LargeArray_LoadsBackEqual()
    {
        var values = Enumerable.Range(0, 200_000).Select(i => (long)i * i).ToArray();
        using var stream = new MemoryStream();

        await Pickle.DumpAsync(values, stream);
        stream.Position = 0;

        (await Pickle.LoadAsync<long[]>(stream)).Should().Equal(values);
    }

    [Fact]
    public void Load_PlainMessagePackArray_LoadsIntoArrayAndList()
    {
        var frame = RawFrames.Build([0x93, 1, 2, 3]);

        Pickle.LoadFromBytes<int[]>(frame).Should().Equal(1, 2, 3);
        Pickle.LoadFromBytes<List<float>>(frame).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Dump_FewIntegersOrBooleans_ArePlainArraysThatLoadBackEqual()
    {
        AssertPlainRoundTrip<int>([1, -2, int.MaxValue, int.MinValue]);
        AssertPlainRoundTrip<long>([long.MinValue, 0, long.MaxValue]);
        AssertPlainRoundTrip<uint>([uint.MaxValue, 1]);
        AssertPlainRoundTrip<ulong>([ulong.MaxValue, 2]);
        AssertPlainRoundTrip<short>([short.MinValue, short.MaxValue]);
        AssertPlainRoundTrip<ushort>([ushort.MaxValue, 0]);
        AssertPlainRoundTrip<sbyte>([sbyte.MinValue, sbyte.MaxValue]);
        AssertPlainRoundTrip<byte>([byte.MaxValue, 0, 1]);
        AssertPlainRoundTrip<bool>([true, false, true]);
        AssertPlainRoundTrip<int>([]);
    }

    public static TheoryData<EntryPoint> EntryPoints => [.. EntryPoint.All];

    [Fact]
    public void Load_PlainArraysOfEveryIntegerEncoding_ReadEachValueAsMessagePacksReaderDoes()
    {
        // Every value in every encoding that holds it, the smallest or not, between two others: each loads as the
        // value, or fails where it does not fit the element type.
        var values = new long[] { 0, 1, 127, 128, 255, 256, 32_767, 32_768, 65_535, 65_536, int.MaxValue, (long)int.MaxValue + 1, uint.MaxValue, long.MaxValue, -1, -32, -33, -128, -129, -32_768, -32_769, int.MinValue, (long)int.MinValue - 1, long.MinValue };
        foreach (var value in values)
        {
            foreach (var encoded in Encodings(value))
            {
                var payload = PayloadTools.Write((ref MessagePack.MessagePackWriter writer) =>
                {
                    writer.WriteArrayHeader(3);
                    writer.Write(7);
                    encoded(ref writer);
                    writer.Write(-7);
                });
                var frame = RawFrames.Build(payload);
                var fitsInt = value is >= int.MinValue and <= int.MaxValue;

                Pickle.LoadFromBytes<List<long>>(frame).Should().Equal(7, value, -7);
                Pickle.LoadFromBytes<long[]>(frame).Should().Equal(7, value, -7);
                var asInts = () => Pickle.LoadFromBytes<List<int>>(frame);
                var asIntArray = () => Pickle.LoadFromBytes<int[]>(frame);
                if (fitsInt)
                {
                    asInts().Should().Equal(7, (int)value, -7);
                    asIntArray().Should().Equal(7, (int)value, -7);
                }
                else
                {
                    asInts.Should().Throw<PickleException>();
                    asIntArray.Should().Throw<PickleException>();
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void RoundTrip_ManyListsOfFewIntegers_LoadTheSameOnEveryEntryPoint(EntryPoint entry)
    {
        // Lists of up to eight integers are plain arrays; over the many segments of a stream some lie across two.
        var count = entry.IsSlow ? 2_000 : 60_000;
        var random = new Random(17);
        var lists = Enumerable.Range(0, count)
            .Select(i => Enumerable.Range(0, i % 9).Select(_ => random.Next(6) switch
            {
                0 => random.Next(-32, 128),
                1 => random.Next(-32_768, 32_768),
                2 => random.Next(),
                3 => -random.Next(),
                4 => int.MinValue,
                _ => int.MaxValue,
            }).ToList())
            .ToList();
        var longs = lists.Select(list => list.Select(i => (long)i * (i % 3 == 0 ? 1 : 3)).ToArray()).ToList();

        var loaded = entry.RoundTrip((Ints: lists, Longs: longs), null);

        loaded.Ints.Should().HaveCount(count);
        for (var i = 0; i < count; i++)
        {
            loaded.Ints[i].Should().Equal(lists[i]);
            loaded.Longs[i].Should().Equal(longs[i]);
        }
    }

    private delegate void WriteInteger(ref MessagePack.MessagePackWriter writer);

    /// <summary>Every MessagePack encoding of an integer that holds <paramref name="value"/>.</summary>
    private static IEnumerable<WriteInteger> Encodings(long value)
    {
        yield return (ref MessagePack.MessagePackWriter w) => w.Write(value);
        yield return (ref MessagePack.MessagePackWriter w) => w.WriteInt64(value);
        if (value >= 0)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteUInt64((ulong)value);
        }

        if (value is >= 0 and <= uint.MaxValue)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteUInt32((uint)value);
        }

        if (value is >= int.MinValue and <= int.MaxValue)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteInt32((int)value);
        }

        if (value is >= 0 and <= ushort.MaxValue)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteUInt16((ushort)value);
        }

        if (value is >= short.MinValue and <= short.MaxValue)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteInt16((short)value);
        }

        if (value is >= 0 and <= byte.MaxValue)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteUInt8((byte)value);
        }

        if (value is >= sbyte.MinValue and <= sbyte.MaxValue)
        {
            yield return (ref MessagePack.MessagePackWriter w) => w.WriteInt8((sbyte)value);
        }
    }

    public static readonly TheoryData<string, string> PlainArraysWithAnElementOfAnotherType = new()
    {
        { "a string among integers", "93 01 a1 41 03" },
        { "nil among integers", "92 01 c0" },
        { "an array among integers", "92 01 91 02" },
        { "a float among integers", "92 01 ca 3f 80 00 00" },
    };

    [Theory]
    [MemberData(nameof(PlainArraysWithAnElementOfAnotherType))]
    public void Load_PlainArrayWithAnElementOfAnotherType_ThrowsPickleException(string what, string hex)
    {
        var frame = RawFrames.Build(FrameBuilder.Hex(hex));

        var asList = () => Pickle.LoadFromBytes<List<int>>(frame);
        var asArray = () => Pickle.LoadFromBytes<long[]>(frame);
        var asBooleans = () => Pickle.LoadFromBytes<List<bool>>(frame);

        asList.Should().Throw<PickleException>(what);
        asArray.Should().Throw<PickleException>(what);
        asBooleans.Should().Throw<PickleException>(what);
    }

    [Theory]
    [InlineData("92 01 cf ff ff ff ff ff ff ff ff")]
    [InlineData("91 ff")]
    public void Load_PlainArrayWithAnIntegerOutOfTheElementTypesRange_ThrowsPickleException(string hex)
    {
        var frame = RawFrames.Build(FrameBuilder.Hex(hex));

        var asBytes = () => Pickle.LoadFromBytes<List<byte>>(frame);
        var asUnsigned = () => Pickle.LoadFromBytes<uint[]>(frame);

        asBytes.Should().Throw<PickleException>();
        asUnsigned.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_ExtensionLengthNotAMultipleOfElementSize_ThrowsPickleException()
    {
        var frame = RawFrames.Build([0xC7, 6, 90, (byte)'i', 1, 0, 0, 0, 2]);

        var load = () => Pickle.LoadFromBytes<int[]>(frame);

        load.Should().Throw<PickleException>().WithMessage("*not a whole number of 4-byte*");
    }

    [Fact]
    public void Load_ExtensionLongerThanPayload_ThrowsPickleExceptionWithoutAllocating()
    {
        var frame = RawFrames.Build([0xC9, 0xFF, 0xFF, 0xFF, 0xF0, 90, (byte)'f', 0, 0, 0, 0]);

        var load = () => Pickle.LoadFromBytes<float[]>(frame);

        load.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_OtherElementType_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes(new[] { 1f, 2f });

        var load = () => Pickle.LoadFromBytes<int[]>(frame);

        load.Should().Throw<PickleException>().WithMessage("*System.Single, not System.Int32*");
    }

    [Fact]
    public void Load_BooleanByteOtherThanZeroOrOne_ThrowsPickleException()
    {
        var frame = RawFrames.Build([0xC7, 3, 90, (byte)'?', 1, 2]);

        var load = () => Pickle.LoadFromBytes<bool[]>(frame);

        load.Should().Throw<PickleException>().WithMessage("*boolean 1 has the byte value 2*");
    }

    [Fact]
    public void Load_EmptyExtension_ThrowsPickleException()
    {
        var frame = RawFrames.Build([0xC7, 0, 90]);

        var load = () => Pickle.LoadFromBytes<double[]>(frame);

        load.Should().Throw<PickleException>().WithMessage("*without an element code*");
    }

    public static readonly TheoryData<byte[], string> InvalidIntBlits = new()
    {
        { [0xC7, 6, 90, (byte)'i', 1, 0, 0, 0, 2], "*not a whole number of 4-byte*" },
        { [0xC7, 0, 90], "*without an element code*" },
        { [0xC7, 5, 90, (byte)'f', 0, 0, 0, 0], "*System.Single, not System.Int32*" },
        { [0xC9, 0xFF, 0xFF, 0xFF, 0xF0, 90, (byte)'i', 0, 0, 0, 0], "*" },
        { [0xD6, 90, (byte)'i', 1, 2, 3], "*not a whole number of 4-byte*" },
        { [0xD5, 91, (byte)'i', 0], "*extension of type 91, not 90*" },
        { [0xD7, 90, (byte)'f', 0, 0, 0, 0, 0, 0, 0], "*System.Single, not System.Int32*" },
        { [0xD4, 90, (byte)'f'], "*System.Single, not System.Int32*" },
    };

    [Theory]
    [MemberData(nameof(InvalidIntBlits))]
    public void Load_InvalidBlitAsArray_ThrowsPickleException(byte[] payload, string message)
    {
        var load = () => Pickle.LoadFromBytes<int[]>(RawFrames.Build(payload));

        load.Should().Throw<PickleException>().WithMessage(message);
    }

    [Theory]
    [MemberData(nameof(InvalidIntBlits))]
    public void Load_InvalidBlitAsList_ThrowsPickleException(byte[] payload, string message)
    {
        var load = () => Pickle.LoadFromBytes<List<int>>(RawFrames.Build(payload));

        load.Should().Throw<PickleException>().WithMessage(message);
    }

    [Fact]
    public void Load_BooleanListByteOtherThanZeroOrOne_ThrowsPickleException()
    {
        var frame = RawFrames.Build([0xC7, 3, 90, (byte)'?', 1, 2]);

        var load = () => Pickle.LoadFromBytes<List<bool>>(frame);

        load.Should().Throw<PickleException>().WithMessage("*boolean 1 has the byte value 2*");
    }

    [Fact]
    public void Load_MultiDimensionalOfOtherRank_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes(new int[2, 2, 2]);

        var load = () => Pickle.LoadFromBytes<int[,]>(frame);

        load.Should().Throw<PickleException>().WithMessage("*System.Int32[,,]; it cannot be loaded as a System.Int32[,]*");
    }

    [Fact]
    public void Load_MultiDimensionalWhoseLengthsDoNotMatchItsData_ThrowsPickleException()
    {
        byte[] payload = [0xC7, 18 + 4, 91, (byte)'i', 2, 2, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0];

        var load = () => Pickle.LoadFromBytes<int[,]>(RawFrames.Build(payload));

        load.Should().Throw<PickleException>().WithMessage("*need 16 bytes of elements, but it has 4*");
    }

    [LargeDataFact]
    [Trait("Category", "LargeData")]
    public void DumpToFile_ArrayOver2GiB_LoadsBackEqual()
    {
        using var directory = new TempDirectory();
        var path = directory.File("large.pickle");
        var values = GC.AllocateUninitializedArray<float>(750_000_000);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i;
        }

        Pickle.DumpToFile(values, path);
        var loaded = Pickle.LoadFromFile<float[]>(path);

        new FileInfo(path).Length.Should().BeLessThanOrEqualTo((values.Length * 4L) + 64);
        loaded.AsSpan().SequenceEqual(values).Should().BeTrue();
    }

    private static object? RoundTripAs(Type type, object value) =>
        Invoke(nameof(RoundTrip), type, value);

    private static byte[] DumpToBytesAs(Type type, object value) =>
        (byte[])Invoke(nameof(DumpToBytes), type, value)!;

    private static object? Invoke(string name, Type type, object value) =>
        typeof(BlitFormatterTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, [value]);

    private static T RoundTrip<T>(T value) => Pickle.LoadFromBytes<T>(Pickle.DumpToBytes(value));

    private static byte[] DumpToBytes<T>(T value) => Pickle.DumpToBytes(value);

    private static void AssertPlainRoundTrip<T>(T[] values)
        where T : unmanaged
    {
        var list = Pickle.DumpToBytes(new List<T>(values));
        var array = Pickle.DumpToBytes(values);
        var memory = Pickle.DumpToBytes(new ReadOnlyMemory<T>(values));

        RawFrames.PayloadOf(list)[0].Should().Be((byte)(0x90 + values.Length), $"a few {typeof(T).Name} are a plain MessagePack array");
        Pickle.LoadFromBytes<List<T>>(list).Should().Equal(values);
        Pickle.LoadFromBytes<T[]>(array).Should().Equal(values);
        Pickle.LoadFromBytes<ReadOnlyMemory<T>>(memory).ToArray().Should().Equal(values);
    }
}
