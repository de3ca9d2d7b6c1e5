using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Scalars whose bits have rules (a decimal's flags, a date's range, an enum's width) loaded from bytes Pickle
/// never writes: each must be refused with a <see cref="PickleException"/> that names the value and says the file is
/// damaged, rather than load as a value .NET could never make.
/// </summary>
public class HostileScalarTests
{
    /// <summary>The frame of issue 15: a decimal of scale 100 (flags 0x00640000), with valid checksums.</summary>
    private const string DecimalOfScale100 =
        "89504B4C0100076D73677061636B015805302E312E301200000000000000356259B9C41000006400000000003930000000000000F08510EB913B5382";

    public static TheoryData<string, uint> InvalidDecimalFlags => new()
    {
        { "scale 29", 29u << 16 },
        { "scale 255", 255u << 16 },
        { "scale 100, negative", (100u << 16) | 0x8000_0000 },
        { "low reserved bit", 1u },
        { "reserved bits beside the scale", 0x0100_0000 },
        { "reserved bits beside the sign", 0x4000_0000 },
    };

    public static TheoryData<string, byte[]> InvalidDecimalPlaces => new()
    {
        { "decimal[]", [0x91, .. Decimal(29u << 16)] },
        { "List<decimal>", [0x91, .. Decimal(29u << 16)] },
        { "decimal?", Decimal(29u << 16) },
        { "Order.Total", PayloadTools.Map(("Total", Decimal(29u << 16))) },
        { "object", PayloadTools.Tagged("System.Decimal", Decimal(29u << 16)) },
    };

    [Fact]
    public void Load_DecimalOfScale100FromIssue15_ThrowsPickleExceptionNamingTheDecimal()
    {
        var act = () => Pickle.LoadFromBytes<decimal>(Convert.FromHexString(DecimalOfScale100));

        act.Should().Throw<PickleException>().WithMessage("*decimal*scale 100*damaged or was not written by Pickle*");
    }

    [Theory]
    [MemberData(nameof(InvalidDecimalFlags))]
    public void Load_DecimalWithInvalidFlags_ThrowsPickleException(string name, uint flags)
    {
        var frame = FrameBuilder.Frame(Decimal(flags));

        var act = () => Pickle.LoadFromBytes<decimal>(frame);

        act.Should().Throw<PickleException>($"{name} is not a decimal .NET can make").WithMessage("*decimal*damaged or was not written by Pickle*");
    }

    [Theory]
    [MemberData(nameof(InvalidDecimalPlaces))]
    public void Load_InvalidDecimalInsideValue_ThrowsPickleException(string place, byte[] payload)
    {
        var frame = FrameBuilder.Frame(payload);

        Func<object?> act = place switch
        {
            "decimal[]" => () => Pickle.LoadFromBytes<decimal[]>(frame),
            "List<decimal>" => () => Pickle.LoadFromBytes<List<decimal>>(frame),
            "decimal?" => () => Pickle.LoadFromBytes<decimal?>(frame),
            "Order.Total" => () => Pickle.LoadFromBytes<Order>(frame),
            _ => () => Pickle.LoadFromBytes<object>(frame),
        };

        act.Should().Throw<PickleException>().WithMessage("*decimal*scale 29*damaged*");
    }

    [Theory]
    [InlineData(28, false)]
    [InlineData(28, true)]
    [InlineData(0, true)]
    public void Load_DecimalWithLargestScaleOrSign_LoadsItExactly(int scale, bool negative)
    {
        var expected = new decimal(12345, 0, 0, negative, (byte)scale);
        var frame = FrameBuilder.Frame(Decimal(((uint)scale << 16) | (negative ? 0x8000_0000 : 0u), low: 12345));

        var loaded = Pickle.LoadFromBytes<decimal>(frame);

        loaded.Should().Be(expected);
        loaded.Scale.Should().Be((byte)scale);
        decimal.GetBits(loaded).Should().Equal(decimal.GetBits(expected));
    }

    [Fact]
    public void Dump_DecimalsOfEveryScale_RoundTripWithTheirScale()
    {
        decimal[] values = [0m, -0.0m, 1.00m, decimal.MaxValue, decimal.MinValue, new decimal(1, 2, 3, true, 28), 0.0000000000000000000000000001m];

        var loaded = Pickle.LoadFromBytes<decimal[]>(Pickle.DumpToBytes(values));

        loaded.Select(decimal.GetBits).Should().BeEquivalentTo(values.Select(decimal.GetBits), o => o.WithStrictOrdering());
    }

    [Theory]
    [InlineData(0x3FFF_FFFF_FFFF_FFFF)]
    [InlineData(0x0000_0000_0000_0000 | 3_155_378_976_000_000_000)]
    [InlineData(0x4000_0000_0000_0000 | 3_155_378_976_000_000_000)]
    public void Load_DateTimeWithTicksOutOfRange_ThrowsPickleException(long binary)
    {
        var frame = FrameBuilder.Frame(Int64(binary));

        var act = () => Pickle.LoadFromBytes<DateTime>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateTime*damaged or was not written by Pickle*");
    }

    [Fact]
    public void Load_DateTimeOutOfRangeInFieldReadFromBytes_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(PayloadTools.Map(("Count", 1), ("When", Int64(0x3FFF_FFFF_FFFF_FFFF))));

        var act = () => Pickle.LoadFromBytes<ScalarFields>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateTime*damaged*");
    }

    [Fact]
    public void Load_DateTimeOutOfRangeInArray_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame([0x92, 0x00, .. Int64(0x3FFF_FFFF_FFFF_FFFF)]);

        var act = () => Pickle.LoadFromBytes<DateTime[]>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateTime*damaged*");
    }

    [Theory]
    [InlineData(DateTimeKind.Unspecified)]
    [InlineData(DateTimeKind.Utc)]
    [InlineData(DateTimeKind.Local)]
    public void Load_DateTimeOfEachKindAtTheEndsOfItsRange_Loads(DateTimeKind kind)
    {
        DateTime[] values = [DateTime.SpecifyKind(DateTime.MinValue.AddDays(1), kind), DateTime.SpecifyKind(DateTime.MaxValue.AddDays(-1), kind)];

        var loaded = Pickle.LoadFromBytes<DateTime[]>(Pickle.DumpToBytes(values));

        loaded.Should().Equal(values);
        loaded.Select(value => value.Kind).Should().AllBeEquivalentTo(kind);
    }

    [Theory]
    [InlineData(14 * 60 + 1)]
    [InlineData(-14 * 60 - 1)]
    [InlineData(short.MaxValue)]
    public void Load_DateTimeOffsetWithOffsetOutOfRange_ThrowsPickleException(int minutes)
    {
        var frame = FrameBuilder.Frame(DateTimeOffsetPayload(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), minutes));

        var act = () => Pickle.LoadFromBytes<DateTimeOffset>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateTimeOffset*offset*damaged or was not written by Pickle*");
    }

    [Fact]
    public void Load_DateTimeOffsetWhoseInstantIsOutOfRange_ThrowsPickleException()
    {
        // The last day's clock time with an offset of -14 hours: an instant after DateTimeOffset.MaxValue.
        var frame = FrameBuilder.Frame(DateTimeOffsetPayload(DateTime.SpecifyKind(DateTime.MaxValue.AddHours(-1), DateTimeKind.Utc), -14 * 60));

        var act = () => Pickle.LoadFromBytes<DateTimeOffset>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateTimeOffset*damaged*");
    }

    [Fact]
    public void Load_DateTimeOffsetWithTimestampOutOfRange_ThrowsPickleException()
    {
        var timestamp = PayloadTools.Write((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            writer.WriteExtensionFormatHeader(new ExtensionHeader(-1, 12));
            writer.WriteRaw([0x00, 0x00, 0x00, 0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);
            writer.Write(0);
        });
        var frame = FrameBuilder.Frame([.. timestamp]);

        var act = () => Pickle.LoadFromBytes<DateTimeOffset>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateTimeOffset*damaged*");
    }

    [Fact]
    public void Load_DateTimeOffsetsAtTheEndsOfTheirRange_Load()
    {
        DateTimeOffset[] values = [DateTimeOffset.MinValue, DateTimeOffset.MaxValue, new(2024, 2, 29, 23, 59, 59, TimeSpan.FromHours(14)), new(2024, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14))];

        var loaded = Pickle.LoadFromBytes<DateTimeOffset[]>(Pickle.DumpToBytes(values));

        loaded.Should().Equal(values);
        loaded.Select(value => value.Offset).Should().Equal(values.Select(value => value.Offset));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(3_652_059)]
    [InlineData(int.MaxValue)]
    public void Load_DateOnlyOutOfRange_ThrowsPickleException(int dayNumber)
    {
        var frame = FrameBuilder.Frame(Int64(dayNumber));

        var act = () => Pickle.LoadFromBytes<DateOnly>(frame);

        act.Should().Throw<PickleException>().WithMessage("*DateOnly*damaged or was not written by Pickle*");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(TimeSpan.TicksPerDay)]
    [InlineData(long.MaxValue)]
    public void Load_TimeOnlyOutOfRange_ThrowsPickleException(long ticks)
    {
        var frame = FrameBuilder.Frame(Int64(ticks));

        var act = () => Pickle.LoadFromBytes<TimeOnly>(frame);

        act.Should().Throw<PickleException>().WithMessage("*TimeOnly*damaged or was not written by Pickle*");
    }

    [Fact]
    public void Load_DateOnlyAndTimeOnlyAtTheEndsOfTheirRange_Load()
    {
        var values = (DateOnly.MinValue, DateOnly.MaxValue, TimeOnly.MinValue, TimeOnly.MaxValue);

        var loaded = Pickle.LoadFromBytes<(DateOnly, DateOnly, TimeOnly, TimeOnly)>(Pickle.DumpToBytes(values));

        loaded.Should().Be(values);
    }

    [Theory]
    [InlineData(300L)]
    [InlineData(-1L)]
    public void Load_EnumValueWiderThanItsUnderlyingType_ThrowsPickleException(long value)
    {
        var frame = FrameBuilder.Frame(Int64(value));

        var act = () => Pickle.LoadFromBytes<Shade>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Shade*Byte*damaged or was not written by Pickle*");
    }

    [Fact]
    public void Load_NegativeValueForUnsignedEnumOfSixtyFourBits_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(Int64(-1));

        var act = () => Pickle.LoadFromBytes<Huge>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Huge*UInt64*damaged*");
    }

    [Fact]
    public void Load_EnumValueOutOfRangeInsideClass_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(PayloadTools.Map(("Color", Int64(long.MaxValue))));

        var act = () => Pickle.LoadFromBytes<Order>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Color*Int32*damaged*");
    }

    [Fact]
    public void Load_EnumValuesNotDefinedButInRange_LoadAsTheyWere()
    {
        var values = ((Color)42, (Permissions)64, (Huge)ulong.MaxValue, (Shade)255, (Color?)(Color)(-7));

        var loaded = Pickle.LoadFromBytes<(Color, Permissions, Huge, Shade, Color?)>(Pickle.DumpToBytes(values));

        loaded.Should().Be(values);
    }

    [Theory]
    [InlineData(0x1_0000L)]
    [InlineData(-1L)]
    public void Load_CharBeyondSixteenBits_ThrowsPickleException(long value)
    {
        var frame = FrameBuilder.Frame(Int64(value));

        var act = () => Pickle.LoadFromBytes<char>(frame);

        act.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_LoneSurrogateChars_LoadAsTheyWere()
    {
        char[] values = ['\uD800', '\uDFFF', '\uFFFF'];

        Pickle.LoadFromBytes<(char, char, char)>(Pickle.DumpToBytes((values[0], values[1], values[2]))).Should().Be((values[0], values[1], values[2]));
        Pickle.LoadFromBytes<char[]>(Pickle.DumpToBytes(values)).Should().Equal(values);
    }

    [Theory]
    [InlineData(new byte[] { 0x02 })]
    [InlineData(new byte[] { 0x01 })]
    [InlineData(new byte[] { 0xc0 })]
    public void Load_BooleanThatIsNotTrueOrFalse_ThrowsPickleException(byte[] payload)
    {
        var frame = FrameBuilder.Frame(payload);

        var act = () => Pickle.LoadFromBytes<bool>(frame);

        act.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_BlittedBooleanThatIsNotZeroOrOne_ThrowsPickleException()
    {
        var frame = FrameBuilder.Frame(FrameBuilder.Hex("c7 03 5a 3f 01 02"));

        var act = () => Pickle.LoadFromBytes<bool[]>(frame);

        act.Should().Throw<PickleException>().WithMessage("*boolean*2*");
    }

    /// <summary>A decimal as Pickle writes it: bin 16 of flags, high, low and middle words, each little-endian.</summary>
    private static byte[] Decimal(uint flags, uint low = 12345)
    {
        var bytes = new byte[18];
        bytes[0] = 0xc4;
        bytes[1] = 16;
        BitConverter.TryWriteBytes(bytes.AsSpan(2), flags);
        BitConverter.TryWriteBytes(bytes.AsSpan(10), low);
        return bytes;
    }

    private static byte[] Int64(long value) => PayloadTools.Write((ref MessagePackWriter writer) => writer.Write(value));

    private static byte[] DateTimeOffsetPayload(DateTime clock, int minutes) => PayloadTools.Write((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(2);
        writer.Write(clock);
        writer.Write(minutes);
    });

    /// <summary>An enum one byte wide.</summary>
    public enum Shade : byte
    {
        Light,
        Dark,
    }
}
