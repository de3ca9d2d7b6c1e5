using Pickling.Tests.Models;
using Pickling.Tests.Support;
using Xunit.Sdk;

namespace Pickling.Tests;

/// <summary>The round-trip matrix relies on <see cref="Faithful"/> to fail on differences plain equality ignores.</summary>
public class FaithfulTests
{
    [Fact]
    public void ShouldBeSame_PositiveAndNegativeZero_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(0.0, -0.0)).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_DecimalOfOtherScale_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(1.0m, 1.00m)).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_DateTimeOfOtherKind_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(new DateTime(1, DateTimeKind.Utc), new DateTime(1, DateTimeKind.Local))).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_DateTimeOffsetOfOtherOffsetAtSameInstant_Fails()
    {
        var utc = new DateTimeOffset(2020, 1, 1, 12, 0, 0, TimeSpan.Zero);

        FluentActions.Invoking(() => Faithful.ShouldBeSame(utc.ToOffset(TimeSpan.FromHours(2)), utc)).Should().Throw<XunitException>();
    }

    [Fact]
    public void ShouldBeSame_MemberDecimalOfOtherScale_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(new Money(1.0m, "x"), new Money(1.00m, "x"))).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_RecordMemberNegativeZero_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(new Point3(0, 0, 0), new Point3(0, -0.0, 0))).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_ValueTupleItemOfOtherKind_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame((1, new DateTime(5, DateTimeKind.Utc)), (1, new DateTime(5, DateTimeKind.Local)))).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_StackInOtherOrder_Fails() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(new Stack<int>([1, 2]), new Stack<int>([2, 1]))).Should().Throw<XunitException>();

    [Fact]
    public void ShouldBeSame_EqualValues_Passes() =>
        FluentActions.Invoking(() => Faithful.ShouldBeSame(new Money(1.0m, "x"), new Money(1.0m, "x"))).Should().NotThrow();
}
