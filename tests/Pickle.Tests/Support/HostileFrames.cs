using System.Buffers.Binary;
using System.Text;
using K4os.Compression.LZ4;
using ZstdSharp;

namespace Pickling.Tests.Support;

/// <summary>
/// Makes hostile frames of the shapes of issue 15 for the fuzzer, each with checksums that match: chains of object
/// headers, nested generic type names over arrays of nils, keys whose own hashes collide, compressed bombs, and
/// huge shapes and counts. Each comes with the type it is meant to be loaded as.
/// </summary>
public sealed class HostileFrames(Random random)
{
    private static readonly string[] ChainTypes =
    [
        "System.Object[]", "System.Collections.Generic.List`1[[System.Object]]", "System.Nullable`1[[System.Int32]][]",
        "System.Collections.Generic.Dictionary`2[[System.String],[System.Object]]", "System.Tuple`2[[System.Object],[System.Object]]",
    ];

    private static readonly int[] ExtremeLengths = [0, 1, 2, 255, 65_536, 0x3fff_ffff, 0x7fff_ffc7, 0x7fff_ffff, -1, int.MinValue];

    private static readonly Lazy<byte[][]> Bombs = new(() => [ZstdBinBomb(256L << 20), ZstdBinBomb(16L << 20), Lz4BinBomb(1L << 30), Lz4BinBomb(32L << 20)]);

    /// <summary>One hostile frame and the type to load it as.</summary>
    public (byte[] Frame, Type Type) Next() => random.Next(5) switch
    {
        0 => (FrameBuilder.Frame(HeaderChain(1 + random.Next(random.Next(2) == 0 ? 20 : 1_000))), typeof(object)),
        1 => NestedGenericNils(),
        2 => CollidingKeys(),
        3 => CompressedBomb(),
        _ => HugeShape(),
    };

    /// <summary><c>[ext 80 type, [ext 80 type, ... nil]]</c>, naming a few types again and again, by name and by index.</summary>
    private byte[] HeaderChain(int depth)
    {
        var bytes = new List<byte>();
        var named = 0;
        for (var i = 0; i < depth; i++)
        {
            bytes.Add(0x92);
            if (named < ChainTypes.Length && random.Next(3) > 0)
            {
                bytes.AddRange(Header(Str(ChainTypes[named++])));
            }
            else
            {
                bytes.AddRange(Header([(byte)random.Next(Math.Max(1, named + 1))]));
            }

            bytes.Add(0x91);
        }

        bytes.Add(0xc0);
        return [.. bytes];
    }

    /// <summary>An array of nils headed by a nested <c>Nullable</c> of <c>ValueTuple`8</c> name, up to past the name limit.</summary>
    private (byte[], Type) NestedGenericNils()
    {
        var levels = 1 + random.Next(20);
        var name = "System.Guid";
        for (var i = 1; i < levels; i++)
        {
            name = $"System.ValueTuple`8[{string.Join(',', Enumerable.Repeat("[System.Guid]", 7))},[{name}]]";
        }

        name = $"System.Nullable`1[[{name}]]" + (random.Next(3) == 0 ? "[,]" : "[]");
        var count = random.Next(8) == 0 ? random.Next(300_000) : random.Next(1_000);
        byte[] header = [0xdd, (byte)(count >> 24), (byte)(count >> 16), (byte)(count >> 8), (byte)count];
        byte[] payload = [0x92, .. Header([.. Str(name)]), .. header, .. Enumerable.Repeat((byte)0xc0, count)];
        return (FrameBuilder.Frame(payload), typeof(object));
    }

    /// <summary>A dictionary or set of decimals whose own hash codes collide, in MessagePack or JSON.</summary>
    private (byte[], Type) CollidingKeys()
    {
        var keys = Enumerable.Range(1, 1 + random.Next(random.Next(8) == 0 ? 20_000 : 500)).Select(i => new decimal(i, i, 0, false, 0)).ToList();
        var json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        return random.Next(4) switch
        {
            0 => (Pickle.DumpToBytes(keys.ToDictionary(key => key, _ => 1)), typeof(Dictionary<decimal, int>)),
            1 => (Pickle.DumpToBytes(keys.ToHashSet()), typeof(HashSet<decimal>)),
            2 => (Pickle.DumpToBytes<object>(keys.ToDictionary(key => (object)key, _ => (object)1)), typeof(object)),
            _ => (Pickle.DumpToBytes(keys.ToDictionary(key => key, _ => 1), json), typeof(IReadOnlyDictionary<decimal, int>)),
        };
    }

    /// <summary>A compressed payload of zeros that expands far beyond its frame, its declared length sometimes changed.</summary>
    private (byte[], Type) CompressedBomb()
    {
        var bomb = Bombs.Value[random.Next(Bombs.Value.Length)];
        var payload = FrameBuilder.Payload(bomb);
        if (random.Next(2) == 0)
        {
            long[] lengths = [0, 5, 1L << 20, 1L << 32, long.MaxValue, BitConverter.ToInt64(payload) + 1, BitConverter.ToInt64(payload) - 1];
            BitConverter.TryWriteBytes(payload, lengths[random.Next(lengths.Length)]);
        }

        return (FrameBuilder.Frame(payload, flags: bomb[5]), random.Next(2) == 0 ? typeof(object) : typeof(byte[]));
    }

    /// <summary>A multi-dimensional blit or MessagePack matrix, or an array of big structs, with extreme lengths.</summary>
    private (byte[], Type) HugeShape()
    {
        var rank = 2 + random.Next(2);
        switch (random.Next(3))
        {
            case 0:
                var shape = new List<byte> { (byte)'i', (byte)rank };
                for (var i = 0; i < 2 * rank; i++)
                {
                    shape.AddRange(BitConverter.GetBytes(i < rank ? ExtremeLengths[random.Next(ExtremeLengths.Length)] : random.Next(3) - 1));
                }

                shape.AddRange(new byte[4 * random.Next(4)]);
                byte[] blit = [0xc7, (byte)shape.Count, 91, .. shape];
                return (FrameBuilder.Frame(blit), rank == 2 ? typeof(int[,]) : typeof(int[,,]));
            case 1:
                var matrix = new List<byte> { (byte)(0x90 | (rank + 1)) };
                var product = 1L;
                for (var i = 0; i < rank; i++)
                {
                    var length = ExtremeLengths[random.Next(ExtremeLengths.Length)];
                    product *= length;
                    matrix.AddRange([0xd2, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
                }

                var count = random.Next(2) == 0 ? (int)Math.Clamp(product, 0, 100) : random.Next(10);
                matrix.AddRange([0xdc, (byte)(count >> 8), (byte)count]);
                matrix.AddRange(Enumerable.Repeat((byte)0xa0, count));
                return (FrameBuilder.Frame([.. matrix]), rank == 2 ? typeof(string[,]) : typeof(string[,,]));
            default:
                var nils = random.Next(8) == 0 ? random.Next(300_000) : random.Next(1_000);
                byte[] list = [0xdd, (byte)(nils >> 24), (byte)(nils >> 16), (byte)(nils >> 8), (byte)nils, .. Enumerable.Repeat((byte)0xc0, nils)];
                Type[] targets = [typeof(List<BigStruct?>), typeof(BigStruct?[]), typeof(HashSet<BigStruct?>), typeof(Queue<BigStruct?>), typeof(Dictionary<int, BigStruct?>)];
                return (FrameBuilder.Frame(list), targets[random.Next(targets.Length)]);
        }
    }

    private static byte[] Header(byte[] type) => [0xc7, (byte)(type.Length + 1), 80, 0xc0, .. type];

    private static byte[] Str(string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return bytes.Length < 32 ? [(byte)(0xa0 | bytes.Length), .. bytes]
            : bytes.Length < 256 ? [0xd9, (byte)bytes.Length, .. bytes]
            : [0xda, (byte)(bytes.Length >> 8), (byte)bytes.Length, .. bytes];
    }

    /// <summary>A frame whose payload is a bin of <paramref name="length"/> zero bytes compressed with Zstandard as Pickle would.</summary>
    public static byte[] ZstdBinBomb(long length)
    {
        using var compressed = new MemoryStream();
        compressed.Write(BitConverter.GetBytes((ulong)(length + 5)));
        using (var zstd = new CompressionStream(compressed, 3, leaveOpen: true))
        {
            zstd.Write([0xc6, (byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
            var zeros = new byte[1024 * 1024];
            for (long written = 0; written < length; written += zeros.Length)
            {
                zstd.Write(zeros, 0, (int)Math.Min(zeros.Length, length - written));
            }
        }

        return FrameBuilder.Frame(compressed.ToArray(), flags: 0b100);
    }

    /// <summary>A frame whose payload is a bin of <paramref name="length"/> zero bytes compressed with LZ4 as Pickle would, in 4 MiB blocks.</summary>
    public static byte[] Lz4BinBomb(long length)
    {
        const int BlockSize = 4 << 20;
        var total = length + 5;
        using var payload = new MemoryStream();
        payload.Write(BitConverter.GetBytes((ulong)total));
        var first = new byte[BlockSize];
        first[0] = 0xc6;
        BinaryPrimitives.WriteUInt32BigEndian(first.AsSpan(1), (uint)length);
        byte[]? zeros = null;
        for (long at = 0; at < total; at += BlockSize)
        {
            var count = (int)Math.Min(BlockSize, total - at);
            var block = at == 0 || count < BlockSize ? Encode(first.AsSpan(0, count), at == 0) : zeros ??= Encode(new byte[BlockSize], false);
            payload.Write(BitConverter.GetBytes((uint)count));
            payload.Write(BitConverter.GetBytes((uint)block.Length));
            payload.Write(block);
        }

        return FrameBuilder.Frame(payload.ToArray(), flags: 0b010);

        static byte[] Encode(Span<byte> source, bool isFirst)
        {
            if (!isFirst)
            {
                source[..Math.Min(5, source.Length)].Clear();
            }

            var encoded = new byte[LZ4Codec.MaximumOutputSize(source.Length)];
            return encoded[..LZ4Codec.Encode(source, encoded, LZ4Level.L00_FAST)];
        }
    }

    /// <summary>A struct of 256 bytes, whose nils cost 256 times their byte.</summary>
    public readonly record struct BigStruct(Guid A, Guid B, Guid C, Guid D, Guid E, Guid F, Guid G, Guid H, Guid I, Guid J, Guid K, Guid L, Guid M, Guid N, Guid O, Guid P);
}
