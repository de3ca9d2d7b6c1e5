using System.Reflection;
using System.Runtime.ExceptionServices;
using MessagePack;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

/// <summary>
/// Dates, times, decimals and Guids as Pickle's scalar extensions (FORMAT.md, "Scalars"): the bytes each is written
/// as, every edge value through every entry point, the encodings of format versions 1 to 3 (which still load), and
/// every malformed extension.
/// </summary>
public class ScalarExtensionsTests
{
    private static readonly DateTime Utc = new(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc);

    public static TheoryData<object, string> WrittenBytes => new()
    {
        { Utc, "D7 46 00 40 99 1A CA 4A DF 48" },
        { DateTime.MinValue, "D4 46 00" },
        { new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(-5)), "C7 0A 47 00 40 99 1A CA 4A DF 08 D4 FE" },
        { TimeSpan.FromSeconds(1), "D6 48 80 96 98 00" },
        { TimeSpan.FromTicks(-1), "D4 48 FF" },
        { TimeSpan.FromTicks(300), "D5 48 2C 01" },
        { new DateOnly(2026, 11, 25), "D6 49 68 4A 0B 00" },
        { new TimeOnly(23, 59, 59, 999), "D7 4A F0 98 69 2A C9 00 00 00" },
        { 1.00m, "D8 4B 00 00 02 00 00 00 00 00 64 00 00 00 00 00 00 00" },
        { Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), "D8 4C 33 22 11 00 55 44 77 66 88 99 AA BB CC DD EE FF" },
    };

    public static TheoryData<object> EdgeValues => new()
    {
        DateTime.MinValue, DateTime.MaxValue, DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), Utc,
        new DateTime(2026, 6, 1, 12, 30, 0, DateTimeKind.Local), new DateTime(2026, 6, 1, 12, 30, 0, DateTimeKind.Unspecified),
        DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)),
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromMinutes(345)),
        TimeSpan.MinValue, TimeSpan.MaxValue, TimeSpan.Zero, TimeSpan.FromTicks(-129), TimeSpan.FromTicks(32_768), TimeSpan.FromTicks(int.MinValue - 1L),
        DateOnly.MinValue, DateOnly.MaxValue, TimeOnly.MinValue, TimeOnly.MaxValue,
        decimal.MinValue, decimal.MaxValue, 0m, -0.0001m, 1.000000000000000000000000000m, 79228162514264337593543950335m / 3,
        Guid.Empty, Guid.AllBitsSet, Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"),
    };

    /// <summary>Each scalar as versions 1 to 3 wrote it (a MessagePack int, bin 16, or the array of a DateTimeOffset).</summary>
    public static TheoryData<object, string> EarlierEncodings => new()
    {
        { Utc, "CF 48 DF 4A CA 1A 99 40 00" },
        { DateTime.MinValue, "00" },
        { new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.FromHours(-5)), "92 D6 FF 6B 06 95 80 D1 FE D4" },
        { TimeSpan.FromSeconds(1), "CE 00 98 96 80" },
        { TimeSpan.FromTicks(-1), "FF" },
        { new DateOnly(2026, 11, 25), "CE 00 0B 4A 68" },
        { new TimeOnly(23, 59, 59, 999), "CF 00 00 00 C9 2A 69 98 F0" },
        { 1.00m, "C4 10 00 00 02 00 00 00 00 00 64 00 00 00 00 00 00 00" },
        { Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), "C4 10 33 22 11 00 55 44 77 66 88 99 AA BB CC DD EE FF" },
    };

    /// <summary>Extensions of a scalar's code that are not what Pickle writes: a wrong size, or bits that make no value.</summary>
    public static TheoryData<Type, string, string> Malformed => new()
    {
        { typeof(DateTime), "C7 03 46 00 00 00", "extension 70 of 1, 2, 4 or 8 bytes" },
        { typeof(DateTime), "D8 46 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "extension 70 of 1, 2, 4 or 8 bytes" },
        { typeof(DateTime), "D7 46 FF FF FF FF FF FF FF 3F", "outside DateTime.MinValue to DateTime.MaxValue" },
        { typeof(TimeSpan), "C7 00 48", "extension 72 of 1, 2, 4 or 8 bytes" },
        { typeof(DateOnly), "D4 49 FF", "its day number -1 is outside" },
        { typeof(DateOnly), "D7 49 00 00 00 00 01 00 00 00", "is outside 0 to" },
        { typeof(TimeOnly), "D7 4A 00 C0 69 2A C9 00 00 00", "ticks are outside 0 to" },
        { typeof(decimal), "D7 4B 00 00 00 00 00 00 00 00", "extension 75 of 16 bytes" },
        { typeof(decimal), "D8 4B 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "sets reserved bits" },
        { typeof(decimal), "D8 4B 00 00 1D 00 00 00 00 00 00 00 00 00 00 00 00 00", "gives scale 29" },
        { typeof(Guid), "C7 0F 4C 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "extension 76 of 16 bytes" },
        { typeof(DateTimeOffset), "C7 09 47 00 00 00 00 00 00 00 00 00", "extension 71 of 10 bytes" },
        { typeof(DateTime), "D8 4C 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "DateTime is expected, the pickle holds an extension of type 76 with 16 bytes" },
        { typeof(decimal), "D7 46 00 40 99 1A CA 4A DF 48", "decimal is expected, the pickle holds an extension of type 70" },
        { typeof(DateTimeOffset), "D6 FF 6B 06 95 80", "extension of type -1" },
        { typeof(decimal), "C4 08 00 00 00 00 00 00 00 00", "must be a bin of 16 bytes" },
        { typeof(Guid), "C4 0F 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00", "must be a bin of 16 bytes" },
        { typeof(DateTimeOffset), "C7 0A 47 00 40 99 1A CA 4A DF 08 84 03", "offset of 900 minutes is beyond 14 hours" },
        { typeof(DateTimeOffset), "C7 0A 47 00 00 00 00 00 00 00 00 3C 00", "is an instant outside" },
    };

    [Theory]
    [MemberData(nameof(WrittenBytes))]
    public void DumpToBytes_Scalar_WritesItsExtension(object value, string expected)
    {
        RawFrames.PayloadOf(DumpAsItsType(value)).Should().Equal(FrameBuilder.Hex(expected));
    }

    [Theory]
    [MemberData(nameof(EdgeValues))]
    public void RoundTrip_EdgeValueThroughEveryEntryPoint_IsTheSameValue(object value)
    {
        foreach (var entry in EntryPoint.All)
        {
            var loaded = RoundTripAsItsType(entry, value);
            loaded.Should().Be(value, entry.Name);
            if (value is DateTime time)
            {
                ((DateTime)loaded).Kind.Should().Be(time.Kind, entry.Name);
            }

            if (value is DateTimeOffset offset)
            {
                ((DateTimeOffset)loaded).Offset.Should().Be(offset.Offset, entry.Name);
            }

            if (value is decimal number)
            {
                ((decimal)loaded).Scale.Should().Be(number.Scale, entry.Name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EarlierEncodings))]
    public void Load_ScalarAsVersion3WroteIt_LoadsTheSameValue(object value, string earlier)
    {
        var payload = RawFrames.RootTyped(value.GetType(), FrameBuilder.Hex(earlier));

        LoadAsItsType(FrameBuilder.CompactFrame(payload, version: 3), value.GetType()).Should().Be(value);
        LoadAsItsType(RawFrames.BuildVersion2(payload), value.GetType()).Should().Be(value);
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Load_MalformedScalarExtension_ThrowsPickleExceptionThatSaysWhat(Type type, string value, string expected)
    {
        var frame = RawFrames.BuildCurrent(RawFrames.RootTyped(type, FrameBuilder.Hex(value)));

        var act = () => LoadAsItsType(frame, type);

        act.Should().Throw<PickleException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void RoundTrip_ScalarsInCollectionsMembersAndObjects_WriteExtensionsAndLoadTheSame()
    {
        var value = new Schedule
        {
            At = Utc,
            Took = TimeSpan.FromMinutes(90),
            Id = Guid.NewGuid(),
            Price = 12.50m,
            Maybe = Guid.Empty,
            Durations = [TimeSpan.Zero, TimeSpan.FromDays(-2)],
            Days = new Dictionary<DateOnly, decimal> { [new DateOnly(2026, 12, 1)] = 1.5m, [DateOnly.MaxValue] = -0.00m },
            Times = [TimeOnly.MaxValue],
            Anything = new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.FromHours(1)),
            Stamps = [Utc, DateTime.MaxValue],
        };

        foreach (var entry in EntryPoint.All)
        {
            entry.RoundTrip(value, null).Should().BeEquivalentTo(value, o => o.RespectingRuntimeTypes(), entry.Name);
        }

        var payload = RawFrames.PayloadOf(Pickle.DumpToBytes(value));
        foreach (var code in new[] { PickleExtensions.DateTime, PickleExtensions.DateTimeOffset, PickleExtensions.TimeSpan, PickleExtensions.DateOnly, PickleExtensions.TimeOnly, PickleExtensions.Decimal, PickleExtensions.Guid })
        {
            ExtensionCodes(payload).Should().Contain(code);
        }
    }

    public static TheoryData<object, sbyte> ScalarCollections => new()
    {
        { new[] { Utc }, PickleExtensions.DateTime },
        { new List<DateTime> { Utc }, PickleExtensions.DateTime },
        { new DateTime?[] { Utc, null }, PickleExtensions.DateTime },
        { new[] { DateTimeOffset.UnixEpoch }, PickleExtensions.DateTimeOffset },
        { new List<DateTimeOffset> { DateTimeOffset.UnixEpoch }, PickleExtensions.DateTimeOffset },
        { new[] { TimeSpan.FromDays(1) }, PickleExtensions.TimeSpan },
        { new List<TimeSpan> { TimeSpan.FromDays(1) }, PickleExtensions.TimeSpan },
        { new TimeSpan?[] { TimeSpan.FromDays(1) }, PickleExtensions.TimeSpan },
        { new[] { DateOnly.MaxValue }, PickleExtensions.DateOnly },
        { new HashSet<DateOnly> { DateOnly.MaxValue }, PickleExtensions.DateOnly },
        { new[] { TimeOnly.MaxValue }, PickleExtensions.TimeOnly },
        { new[] { 1.5m }, PickleExtensions.Decimal },
        { new List<decimal> { 1.5m }, PickleExtensions.Decimal },
        { new decimal?[] { 1.5m }, PickleExtensions.Decimal },
        { new[] { Guid.AllBitsSet }, PickleExtensions.Guid },
        { new List<Guid> { Guid.AllBitsSet }, PickleExtensions.Guid },
        { new Guid?[] { Guid.AllBitsSet }, PickleExtensions.Guid },
        { new Dictionary<Guid, TimeSpan> { [Guid.AllBitsSet] = TimeSpan.Zero }, PickleExtensions.Guid },
        { new Dictionary<Guid, TimeSpan> { [Guid.AllBitsSet] = TimeSpan.Zero }, PickleExtensions.TimeSpan },
        { (Utc, 2.5m), PickleExtensions.Decimal },
        { new KeyValuePair<string, Guid>("k", Guid.Empty), PickleExtensions.Guid },
    };

    [Theory]
    [MemberData(nameof(ScalarCollections))]
    public void DumpToBytes_ScalarsInCollections_WritesEachAsItsExtension(object value, sbyte code)
    {
        var payload = RawFrames.PayloadOf(DumpAsItsType(value));

        ExtensionCodes(payload).Should().Contain(code);
        ((object)RoundTripAsItsType(EntryPoint.All[0], value)).Should().BeEquivalentTo(value, o => o.WithStrictOrdering());
    }

    [Fact]
    public void LoadFromBytes_DateTimeFieldInEitherEncoding_ReadsTheSameValue()
    {
        // A DateTime field is read straight from the payload's bytes when it can be (the fast path of field maps).
        var current = Pickle.DumpToBytes(new Stamp { At = Utc });
        var earlier = RawFrames.PayloadOf(current).AsSpan().ToArray();
        var at = earlier.AsSpan().IndexOf(FrameBuilder.Hex("D7 46"));
        byte[] rewritten = [.. earlier[..at], .. FrameBuilder.Hex("CF 48 DF 4A CA 1A 99 40 00"), .. earlier[(at + 10)..]];

        Pickle.LoadFromBytes<Stamp>(current).At.Should().Be(Utc).And.BeIn(DateTimeKind.Utc);
        Pickle.LoadFromBytes<Stamp>(FrameBuilder.CompactFrame(RawFrames.RootTyped(typeof(Stamp), rewritten), version: 3)).At.Should().Be(Utc).And.BeIn(DateTimeKind.Utc);
    }

    [Fact]
    public void LoadFromBytes_DateTimeFieldWithMalformedExtension_ThrowsPickleException()
    {
        var payload = RawFrames.PayloadOf(Pickle.DumpToBytes(new Stamp { At = Utc }));
        var at = payload.AsSpan().IndexOf(FrameBuilder.Hex("D7 46"));
        payload[at + 9] = 0x3F;
        payload[at + 8] = 0xFF;

        var act = () => Pickle.LoadFromBytes<Stamp>(RawFrames.BuildCurrent(RawFrames.RootTyped(typeof(Stamp), payload)));

        act.Should().Throw<PickleException>().WithMessage("*DateTime*outside DateTime.MinValue to DateTime.MaxValue*");
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Load_MalformedScalarExtensionAsAField_ThrowsPickleExceptionThatNamesTheField(Type type, string value, string expected)
    {
        // A field map's first fields are read straight from the payload's bytes where they can be: the same checks, the same errors.
        var slot = typeof(Models.Slot<>).MakeGenericType(type);
        var frame = RawFrames.BuildCurrent(RawFrames.RootTyped(slot, PayloadTools.Map(("Value", FrameBuilder.Hex(value)))));

        var act = () => LoadAsItsType(frame, slot);

        act.Should().Throw<PickleException>().WithMessage($"*Slot<*>.Value*{expected}*");
    }

    [Fact]
    public void LoadFromBytes_DecimalAndGuidFieldsInEitherEncoding_ReadTheSameValues()
    {
        // Decimal and Guid fields are read straight from the payload's bytes when they are extensions (the fast path of
        // field maps), and through the reader when they are bins, as format version 3 wrote them.
        var value = new Ledger { Id = Guid.Parse("00112233-4455-6677-8899-aabbccddeeff"), Balance = -12.340m, Count = 7 };
        var current = RawFrames.PayloadOf(Pickle.DumpToBytes(value));
        var earlier = current.AsSpan().ToArray();
        byte[] guidBin = [0xC4, 0x10, .. value.Id.ToByteArray()];
        var guidAt = earlier.AsSpan().IndexOf(FrameBuilder.Hex("D8 4C"));
        earlier = [.. earlier[..guidAt], .. guidBin, .. earlier[(guidAt + 18)..]];
        var decimalAt = earlier.AsSpan().IndexOf(FrameBuilder.Hex("D8 4B"));
        earlier[decimalAt] = 0xC4;
        earlier[decimalAt + 1] = 0x10;

        foreach (var entry in EntryPoint.All)
        {
            var loaded = (Ledger)RoundTripAsItsType(entry, value);
            loaded.Should().BeEquivalentTo(value, entry.Name);
            loaded.Balance.Scale.Should().Be(3, entry.Name);
        }

        var fromVersion3 = Pickle.LoadFromBytes<Ledger>(FrameBuilder.CompactFrame(RawFrames.RootTyped(typeof(Ledger), earlier), version: 3));
        fromVersion3.Should().BeEquivalentTo(value);
        fromVersion3.Balance.Scale.Should().Be(3);
    }

    [Fact]
    public void TryFindSixteen_ExtensionOfAnotherTypeLengthOrCutShort_LeavesThePositionWhereItWas()
    {
        byte[] decimalExtension = FrameBuilder.Hex("00 D8 4B 00 00 02 00 00 00 00 00 64 00 00 00 00 00 00 00 01");
        var position = 1;

        ScalarExtensions.TryFindSixteen(decimalExtension, ref position, PickleExtensions.Guid, out _).Should().BeFalse();
        position.Should().Be(1);
        ScalarExtensions.TryFindSixteen(decimalExtension.AsSpan(0, 18), ref position, PickleExtensions.Decimal, out _).Should().BeFalse();
        position.Should().Be(1);
        ScalarExtensions.TryFindSixteen(FrameBuilder.Hex("00 C7 10 4B 00 00 02 00 00 00 00 00 64 00 00 00 00 00 00 00"), ref position, PickleExtensions.Decimal, out _)
            .Should().BeFalse("an ext 8 of 16 bytes is not how Pickle writes one; the reader reads it");
        position.Should().Be(1);
        ScalarExtensions.TryFindSixteen(decimalExtension, ref position, PickleExtensions.Decimal, out var body).Should().BeTrue();
        position.Should().Be(19);
        body.ToArray().Should().Equal(decimalExtension[3..19]);
    }

    private static byte[] DumpAsItsType(object value) => (byte[])Call(nameof(Dump), value.GetType(), value);

    private static object RoundTripAsItsType(EntryPoint entry, object value) => Call(nameof(RoundTrip), value.GetType(), entry, value);

    private static object LoadAsItsType(byte[] frame, Type type) => Call(nameof(Load), type, frame);

    /// <summary>Calls the generic <paramref name="method"/> of this class with <paramref name="type"/>, rethrowing what it throws as it is.</summary>
    private static object Call(string method, Type type, params object[] arguments)
    {
        try
        {
            return typeof(ScalarExtensionsTests).GetMethod(method, BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(type).Invoke(null, arguments)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }

    private static byte[] Dump<T>(object value) => Pickle.DumpToBytes((T)value);

    private static object RoundTrip<T>(EntryPoint entry, object value) => entry.RoundTrip((T)value, null)!;

    private static object Load<T>(byte[] frame) => Pickle.LoadFromBytes<T>(frame)!;

    /// <summary>Every extension type code in <paramref name="payload"/>, at any depth.</summary>
    private static List<sbyte> ExtensionCodes(byte[] payload)
    {
        var codes = new List<sbyte>();
        var reader = new MessagePackReader(payload);
        while (!reader.End)
        {
            Collect(ref reader, codes);
        }

        return codes;
    }

    private static void Collect(ref MessagePackReader reader, List<sbyte> codes)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                for (var count = reader.ReadArrayHeader(); count > 0; count--)
                {
                    Collect(ref reader, codes);
                }

                break;
            case MessagePackType.Map:
                for (var count = reader.ReadMapHeader() * 2; count > 0; count--)
                {
                    Collect(ref reader, codes);
                }

                break;
            case MessagePackType.Extension:
                codes.Add(reader.ReadExtensionFormat().TypeCode);
                break;
            default:
                reader.Skip();
                break;
        }
    }

    public sealed class Ledger
    {
        public Guid Id { get; set; }

        public decimal Balance { get; set; }

        public int Count { get; set; }
    }

    public sealed class Stamp
    {
        public DateTime At { get; set; }
    }

    public sealed class Schedule
    {
        public DateTime At { get; set; }

        public TimeSpan Took { get; set; }

        public Guid Id { get; set; }

        public decimal Price { get; set; }

        public Guid? Maybe { get; set; }

        public List<TimeSpan> Durations { get; set; } = [];

        public Dictionary<DateOnly, decimal> Days { get; set; } = [];

        public TimeOnly[] Times { get; set; } = [];

        public object? Anything { get; set; }

        public DateTime[] Stamps { get; set; } = [];
    }
}
