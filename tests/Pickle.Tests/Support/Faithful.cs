using FluentAssertions.Equivalency;

namespace Pickling.Tests.Support;

/// <summary>
/// Equivalence that is strict where plain equality is too loose: floating-point values compare by bits (so -0.0 and
/// NaN payloads count), decimals by their bits (so the scale counts), DateTime by ticks and kind, DateTimeOffset by
/// ticks and offset, and sequences in order.
/// </summary>
public static class Faithful
{
    public static void ShouldBeSame<T>(T actual, T expected, bool ordered = true) =>
        actual.Should().BeEquivalentTo(expected, options => Configure(options, ordered));

    private static EquivalencyAssertionOptions<T> Configure<T>(EquivalencyAssertionOptions<T> options, bool ordered)
    {
        options = options
            .ComparingRecordsByMembers()
            .IncludingFields()
            .Using<double>(c => BitConverter.DoubleToInt64Bits(c.Subject).Should().Be(BitConverter.DoubleToInt64Bits(c.Expectation), "the bits of {0} must be kept", c.Expectation)).WhenTypeIs<double>()
            .Using<float>(c => BitConverter.SingleToInt32Bits(c.Subject).Should().Be(BitConverter.SingleToInt32Bits(c.Expectation), "the bits of {0} must be kept", c.Expectation)).WhenTypeIs<float>()
            .Using<Half>(c => BitConverter.HalfToInt16Bits(c.Subject).Should().Be(BitConverter.HalfToInt16Bits(c.Expectation), "the bits of {0} must be kept", c.Expectation)).WhenTypeIs<Half>()
            .Using<decimal>(c => decimal.GetBits(c.Subject).Should().Equal(decimal.GetBits(c.Expectation), "{0} must keep its scale", c.Expectation)).WhenTypeIs<decimal>()
            .Using<DateTime>(c =>
            {
                c.Subject.Kind.Should().Be(c.Expectation.Kind);
                c.Subject.Ticks.Should().Be(c.Expectation.Ticks);
            }).WhenTypeIs<DateTime>()
            .Using<DateTimeOffset>(c =>
            {
                c.Subject.Offset.Should().Be(c.Expectation.Offset);
                c.Subject.Ticks.Should().Be(c.Expectation.Ticks);
            }).WhenTypeIs<DateTimeOffset>();
        return ordered ? options.WithStrictOrdering() : options.WithoutStrictOrdering();
    }
}
