using Pickling.Tests.Models;

namespace Pickling.Tests.Support;

/// <summary>
/// Makes damaged and hostile variants of real frames for fuzzing: bit flips, interesting bytes, insertions,
/// deletions, repeats, splices of two payloads and length fields at extremes. Most variants are resealed (correct
/// checksums) so that they reach the serializer; some keep a damaged header or trailer for the frame layer.
/// </summary>
public sealed class FrameMutator(int seed)
{
    private static readonly byte[] InterestingBytes =
    [
        0x00, 0x01, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
        0xca, 0xcb, 0xcf, 0xd3, 0xd4, 0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf, 0xe0, 0xff, 0x64, 0x9d,
    ];

    private static readonly uint[] InterestingLengths = [0, 1, 0x7f, 0xff, 0xffff, 0x10000, 0x40000000, 0x7fffffff, 0x80000000, 0xffffffff];

    private readonly Random _random = new(seed);
    private readonly HostileFrames _hostile = new(new Random(~seed));

    /// <summary>Real frames of several types, as Pickle writes them, with the type each was dumped as.</summary>
    public static IReadOnlyList<(byte[] Frame, Type Type)> Seeds { get; } = BuildSeeds();

    /// <summary>The types each mutated frame is loaded as, besides the type it was dumped as.</summary>
    public static IReadOnlyList<Type> ExtraTargets { get; } =
    [
        typeof(object), typeof(ZooValue), typeof(List<object>), typeof(Dictionary<string, object>), typeof(ChainLink),
        typeof(int), typeof(string), typeof(byte[]), typeof(Dictionary<ZooKey, string>), typeof(HashSet<ZooKey>),
        typeof((int, string)), typeof(DateTime), typeof(decimal), typeof(FamilyMember), typeof(Int128), typeof(object[]),
    ];

    public Random Random => _random;

    /// <summary>A mutated copy of one of the <see cref="Seeds"/>, with the type it was dumped as, or one in eight times a <see cref="HostileFrames"/> frame.</summary>
    public (byte[] Frame, Type Type) Next()
    {
        if (_random.Next(8) == 0)
        {
            return _hostile.Next();
        }

        var (frame, type) = Seeds[_random.Next(Seeds.Count)];
        var format = FrameBuilder.FormatOf(frame);

        // Half the frames are of the current version as Pickle writes them, half version 1 around the same value.
        var compact = _random.Next(2) == 0;
        var payload = compact ? FrameBuilder.Payload(frame) : FrameBuilder.ValueOf(frame);
        var rounds = 1 + (_random.Next(4) == 0 ? _random.Next(6) : 0);
        for (var i = 0; i < rounds; i++)
        {
            payload = Mutate(payload);
        }

        var mutated = compact ? FrameBuilder.CompactFrame(payload, format) : FrameBuilder.Frame(payload, format, type.FullName ?? "x");
        if (_random.Next(10) == 0)
        {
            mutated = MutateWholeFrame(mutated);
        }

        return (mutated, type);
    }

    private static List<(byte[], Type)> BuildSeeds()
    {
        var json = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        var family = new FamilyMember { Name = "root", Children = [new FamilyMember { Name = "kid" }] };
        return
        [
            (Pickle.DumpToBytes(ZooValue.Sample()), typeof(ZooValue)),
            (Pickle.DumpToBytes(new List<int> { 1, -1, 300, int.MaxValue }), typeof(List<int>)),
            (Pickle.DumpToBytes(new Dictionary<string, int> { ["a"] = 1, ["bb"] = 2 }), typeof(Dictionary<string, int>)),
            (Pickle.DumpToBytes(ChainLink.Chain(6)), typeof(ChainLink)),
            (Pickle.DumpToBytes("hello, pickle"), typeof(string)),
            (Pickle.DumpToBytes<object>(new object?[] { 1, "two", 3.5, null, new byte[] { 1, 2 }, new object[] { true } }), typeof(object)),
            (Pickle.DumpToBytes(family), typeof(FamilyMember)),
            (Pickle.DumpToBytes(new Dictionary<ZooKey, string> { [new ZooKey(1, "a")] = "x" }), typeof(Dictionary<ZooKey, string>)),
            (Pickle.DumpToBytes(new DateTime(2020, 1, 2, 3, 4, 5, DateTimeKind.Local)), typeof(DateTime)),
            (Pickle.DumpToBytes(new List<ZooValue> { ZooValue.Sample(), new() }), typeof(List<ZooValue>)),
            (Pickle.DumpToBytes(new ScalarFields { Count = 7, Total = -9, Ratio = 1.5, Scale = 2.5f, Flag = true, When = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), Text = "fuzz" }), typeof(ScalarFields)),
            (Pickle.DumpToBytes(new List<BlockFields> { new() { First = 3, Values = [1, 2, 3], Weights = [0.5], Last = "z" }, new() { Last = "n" } }), typeof(List<BlockFields>)),
            (Pickle.DumpToBytes(new List<Reading?> { Reading.Make(1), null, new CalibratedReading { Id = 2 }, Reading.Make(3) }), typeof(List<Reading>)),
            (Pickle.DumpToBytes(new List<Station> { new() { Name = "a", Readings = Reading.List(3) }, new() { Name = "b", Readings = Reading.List(2) } }), typeof(List<Station>)),
            (Pickle.DumpToBytes(Probe.List(3).ToArray()), typeof(Probe[])),
            (Pickle.DumpToBytes(ChainLink.Chain(4), json), typeof(ChainLink)),
            (Pickle.DumpToBytes(new Dictionary<string, int> { ["a"] = 1 }, json), typeof(Dictionary<string, int>)),
            (Pickle.DumpToBytes(new List<int> { 1, 2 }, json), typeof(List<int>)),
        ];
    }

    private byte[] Mutate(byte[] payload)
    {
        var bytes = new List<byte>(payload);
        var at = bytes.Count == 0 ? 0 : _random.Next(bytes.Count);
        switch (_random.Next(9))
        {
            case 0 when bytes.Count > 0:
                bytes[at] ^= (byte)(1 << _random.Next(8));
                break;
            case 1 when bytes.Count > 0:
                bytes[at] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                break;
            case 2:
                bytes.InsertRange(at, RandomBytes(1 + _random.Next(8)));
                break;
            case 3 when bytes.Count > 0:
                bytes.RemoveRange(at, Math.Min(bytes.Count - at, 1 + _random.Next(16)));
                break;
            case 4:
                var other = FrameBuilder.Payload(Seeds[_random.Next(Seeds.Count)].Frame);
                var from = _random.Next(other.Length + 1);
                bytes.RemoveRange(at, bytes.Count - at);
                bytes.AddRange(other[from..]);
                break;
            case 5:
                WriteLength(bytes, at);
                break;
            case 6 when bytes.Count > 0:
                var length = Math.Min(bytes.Count - at, 1 + _random.Next(12));
                var chunk = bytes.GetRange(at, length);
                var times = 1 + _random.Next(_random.Next(2) == 0 ? 4 : 2000);
                for (var i = 0; i < times; i++)
                {
                    bytes.InsertRange(at, chunk);
                }

                break;
            case 7:
                bytes.Insert(at, InterestingBytes[_random.Next(InterestingBytes.Length)]);
                break;
            default:
                if (bytes.Count > 0)
                {
                    bytes.RemoveRange(_random.Next(bytes.Count), 1);
                }

                break;
        }

        return [.. bytes];
    }

    /// <summary>Puts a MessagePack header with an extreme length (array, map, str, bin or ext, 16 or 32 bits) at <paramref name="at"/>.</summary>
    private void WriteLength(List<byte> bytes, int at)
    {
        byte[] codes = [0xdc, 0xdd, 0xde, 0xdf, 0xda, 0xdb, 0xc5, 0xc6, 0xc8, 0xc9];
        var code = codes[_random.Next(codes.Length)];
        var length = InterestingLengths[_random.Next(InterestingLengths.Length)];
        var wide = code is 0xdd or 0xdf or 0xdb or 0xc6 or 0xc9;
        List<byte> header = [code];
        if (wide)
        {
            header.AddRange([(byte)(length >> 24), (byte)(length >> 16), (byte)(length >> 8), (byte)length]);
        }
        else
        {
            header.AddRange([(byte)(length >> 8), (byte)length]);
        }

        if (code is 0xc8 or 0xc9)
        {
            header.Add((byte)_random.Next(256));
        }

        if (_random.Next(2) == 0 && at < bytes.Count)
        {
            bytes.RemoveRange(at, Math.Min(header.Count, bytes.Count - at));
        }

        bytes.InsertRange(at, header);
    }

    private byte[] MutateWholeFrame(byte[] frame)
    {
        var copy = (byte[])frame.Clone();
        switch (_random.Next(4))
        {
            case 0:
                copy[_random.Next(copy.Length)] ^= (byte)(1 << _random.Next(8));
                return _random.Next(2) == 0 ? FrameBuilder.Reseal(copy) : copy;
            case 1:
                return copy[.._random.Next(copy.Length)];
            case 2:
                if (copy[4] >= 2)
                {
                    // A version-2 or -3 length is a varint just before the CRC: change one of its bytes.
                    copy[FrameBuilder.PayloadOffset(copy) - 5 - _random.Next(2)] = InterestingBytes[_random.Next(InterestingBytes.Length)];
                    return FrameBuilder.Reseal(copy);
                }

                var lengthAt = FrameBuilder.PayloadOffset(copy) - 12;
                long[] extremes = [0, 1, -1, long.MaxValue, long.MinValue, int.MaxValue, uint.MaxValue, PickleOptions.DefaultMaxPayloadSize, copy.Length];
                BitConverter.TryWriteBytes(copy.AsSpan(lengthAt), extremes[_random.Next(extremes.Length)]);
                return FrameBuilder.Reseal(copy);
            default:
                return [.. copy, .. RandomBytes(1 + _random.Next(8))];
        }
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}
