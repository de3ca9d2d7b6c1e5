using System.Collections.Immutable;
using System.Numerics;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// The default serializer keeps every value of the "attribute-free and faithful" list exactly: each case is dumped
/// with default options and loaded back as its declared type.
/// </summary>
public class MessagePackPickleSerializerTests
{
    private const bool Unordered = false;

    private static readonly RoundTripCases Numbers = new()
    {
        { "byte min", byte.MinValue },
        { "byte max", byte.MaxValue },
        { "sbyte min", sbyte.MinValue },
        { "sbyte max", sbyte.MaxValue },
        { "short min", short.MinValue },
        { "short max", short.MaxValue },
        { "ushort max", ushort.MaxValue },
        { "int min", int.MinValue },
        { "int max", int.MaxValue },
        { "uint max", uint.MaxValue },
        { "long min", long.MinValue },
        { "long max", long.MaxValue },
        { "ulong max", ulong.MaxValue },
        { "nint min", nint.MinValue },
        { "nint max", nint.MaxValue },
        { "nuint max", nuint.MaxValue },
        { "nint? null", (nint?)null },
        { "Int128 min", Int128.MinValue },
        { "Int128 max", Int128.MaxValue },
        { "Int128 minus one", Int128.NegativeOne },
        { "UInt128 max", UInt128.MaxValue },
        { "UInt128 zero", UInt128.Zero },
        { "BigInteger huge", BigInteger.Pow(2, 200) + 12345 },
        { "BigInteger negative", -BigInteger.Pow(7, 90) },
        { "BigInteger zero", BigInteger.Zero },
        { "Complex", new Complex(1.5, -2.25) },
        { "double NaN", double.NaN },
        { "double -0.0", -0.0 },
        { "double +inf", double.PositiveInfinity },
        { "double -inf", double.NegativeInfinity },
        { "double max", double.MaxValue },
        { "double epsilon", double.Epsilon },
        { "double pi", Math.PI },
        { "float NaN", float.NaN },
        { "float -0.0", -0.0f },
        { "float +inf", float.PositiveInfinity },
        { "float -inf", float.NegativeInfinity },
        { "float min", float.MinValue },
        { "float epsilon", float.Epsilon },
        { "Half NaN", Half.NaN },
        { "Half -0.0", Half.NegativeZero },
        { "Half +inf", Half.PositiveInfinity },
        { "Half -inf", Half.NegativeInfinity },
        { "Half max", Half.MaxValue },
        { "Half epsilon", Half.Epsilon },
        { "decimal 1.00", 1.00m, (loaded, _) => loaded.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("1.00") },
        { "decimal max", decimal.MaxValue },
        { "decimal min", decimal.MinValue },
        { "decimal 28 places", 0.0000000000000000000000000001m },
        { "decimal -0.000", -0.000m, (loaded, _) => loaded.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("0.000") },
    };

    private static readonly RoundTripCases Text = new()
    {
        { "char U+FFFF", '\uffff' },
        { "char NUL", '\0' },
        { "string with NUL and emoji", "a\0b 😀 \ud83d\udc4d end" },
        { "string empty", string.Empty },
        { "string null", (string?)null },
        { "string lone surrogate-free CJK", "日本語テキスト" },
    };

    private static readonly RoundTripCases Times = new()
    {
        {
            "DateTime Utc", new DateTime(2024, 2, 29, 13, 45, 59, DateTimeKind.Utc).AddTicks(1234567),
            (loaded, original) => { loaded.Kind.Should().Be(DateTimeKind.Utc); loaded.Ticks.Should().Be(original.Ticks); }
        },
        {
            "DateTime Local", new DateTime(2024, 7, 1, 8, 30, 0, DateTimeKind.Local).AddTicks(7),
            (loaded, original) => { loaded.Kind.Should().Be(DateTimeKind.Local); loaded.Ticks.Should().Be(original.Ticks); }
        },
        {
            "DateTime Unspecified", new DateTime(1999, 12, 31, 23, 59, 59, DateTimeKind.Unspecified).AddTicks(9999999),
            (loaded, original) => { loaded.Kind.Should().Be(DateTimeKind.Unspecified); loaded.Ticks.Should().Be(original.Ticks); }
        },
        { "DateTime min", DateTime.MinValue, (loaded, _) => loaded.Kind.Should().Be(DateTimeKind.Unspecified) },
        { "DateTime max Utc", DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), (loaded, _) => loaded.Kind.Should().Be(DateTimeKind.Utc) },
        {
            "DateTime[] of each kind",
            new[] { new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Local), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2020, 1, 1) },
            (loaded, _) => loaded.Select(d => d.Kind).Should().Equal(DateTimeKind.Local, DateTimeKind.Utc, DateTimeKind.Unspecified)
        },
        {
            "List<DateTime> of each kind",
            new List<DateTime> { new(2020, 1, 1, 0, 0, 0, DateTimeKind.Local), new(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc), new(2020, 1, 1) },
            (loaded, _) => loaded.Select(d => d.Kind).Should().Equal(DateTimeKind.Local, DateTimeKind.Utc, DateTimeKind.Unspecified)
        },
        {
            "DateTime? Local", (DateTime?)new DateTime(2021, 3, 4, 5, 6, 7, DateTimeKind.Local),
            (loaded, _) => loaded!.Value.Kind.Should().Be(DateTimeKind.Local)
        },
        {
            "DateTimeOffset +05:30", new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromMinutes(330)).AddTicks(42),
            (loaded, original) => { loaded.Offset.Should().Be(TimeSpan.FromMinutes(330)); loaded.Ticks.Should().Be(original.Ticks); }
        },
        { "DateTimeOffset -14:00", new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.FromHours(-14)), (loaded, _) => loaded.Offset.Should().Be(TimeSpan.FromHours(-14)) },
        { "DateTimeOffset max", DateTimeOffset.MaxValue },
        { "DateOnly", new DateOnly(2024, 2, 29) },
        { "DateOnly max", DateOnly.MaxValue },
        { "TimeOnly", new TimeOnly(23, 59, 59, 999).Add(TimeSpan.FromTicks(9)) },
        { "TimeOnly max", TimeOnly.MaxValue },
        { "TimeSpan negative", TimeSpan.FromTicks(-123456789012345) },
        { "TimeSpan max", TimeSpan.MaxValue },
        { "TimeSpan min", TimeSpan.MinValue },
    };

    private static readonly RoundTripCases Misc = new()
    {
        { "bool", true },
        { "Guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
        { "Guid empty", Guid.Empty },
        { "Uri absolute", new Uri("https://example.com/a b?q=1#frag") },
        { "Uri relative", new Uri("../x/y.txt", UriKind.Relative), (loaded, _) => loaded.IsAbsoluteUri.Should().BeFalse() },
        { "Version 4 parts", new Version(1, 2, 3, 4) },
        { "Version 2 parts", new Version(1, 2), (loaded, _) => loaded.Build.Should().Be(-1) },
        { "enum", Color.Blue },
        { "enum undefined value", (Color)42 },
        { "enum [Flags] combination", Permissions.Read | Permissions.Execute },
        { "enum [Flags] all", Permissions.All },
        { "enum ulong max", Huge.Largest },
        { "int? value", (int?)5 },
        { "int? null", (int?)null },
        { "double? NaN", (double?)double.NaN },
        { "decimal? 2.50", (decimal?)2.50m, (loaded, _) => loaded!.Value.Scale.Should().Be(2) },
        { "Guid? null", (Guid?)null },
        { "Point3? value", (Point3?)new Point3(1, -0.0, double.NaN) },
        { "Point3? null", (Point3?)null },
        { "Order null", (Order?)null },
        { "object null", (object?)null },
    };

    private static readonly RoundTripCases Collections = new()
    {
        { "int[]", new[] { 1, -2, int.MaxValue } },
        { "int[] empty", Array.Empty<int>() },
        { "string[] with nulls", new[] { "a", null, string.Empty } },
        { "double[] with -0.0 and NaN", new[] { -0.0, double.NaN, double.NegativeInfinity } },
        { "decimal[] with scales", new[] { 1.0m, 1.00m, 100m } },
        { "int[,]", new[,] { { 1, 2, 3 }, { 4, 5, 6 } }, (loaded, _) => loaded.GetLength(0).Should().Be(2) },
        { "int[,] empty", new int[0, 3], (loaded, _) => loaded.GetLength(1).Should().Be(3) },
        { "string[,,]", new[, ,] { { { "a", "b" } }, { { "c", null } } } },
        { "int[][] jagged", new[] { new[] { 1 }, Array.Empty<int>(), new[] { 2, 3, 4 } } },
        { "List<int>", new List<int> { 3, 1, 2 } },
        { "List<string> empty", new List<string>() },
        { "List<Order>", new List<Order> { new() { Id = 1, Customer = "Ada", Total = 10.50m, Placed = new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Local), Lines = ["x"] } } },
        { "Dictionary<int, string>", new Dictionary<int, string> { [3] = "three", [-1] = "minus one", [0] = string.Empty } },
        { "Dictionary<string, decimal>", new Dictionary<string, decimal> { ["price"] = 9.90m, ["tax"] = 0.000m } },
        { "Dictionary<(int, int), string> tuple keys", new Dictionary<(int, int), string> { [(1, 2)] = "a", [(2, 1)] = "b" } },
        { "Dictionary<Tuple<string, int>, int> tuple keys", new Dictionary<Tuple<string, int>, int> { [Tuple.Create("x", 1)] = 10, [Tuple.Create("y", 2)] = 20 } },
        { "Dictionary<Color, int> enum keys", new Dictionary<Color, int> { [Color.Green] = 1 } },
        { "Dictionary<Guid, DateTime>", new Dictionary<Guid, DateTime> { [Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e")] = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Local) } },
        { "SortedDictionary<string, int>", new SortedDictionary<string, int> { ["b"] = 2, ["a"] = 1, ["c"] = 3 } },
        { "SortedList<int, string>", new SortedList<int, string> { [2] = "two", [1] = "one" } },
        { "HashSet<string>", new HashSet<string> { "x", "y", "z" }, Unordered },
        { "HashSet<(int, string)>", new HashSet<(int, string)> { (1, "a"), (2, "b") }, Unordered },
        { "SortedSet<int>", new SortedSet<int> { 5, 1, 3 } },
        {
            "Queue<int> order", new Queue<int>([1, 2, 3]),
            (loaded, _) => loaded.Dequeue().Should().Be(1)
        },
        {
            "Stack<int> order", CreateStack(1, 2, 3),
            (loaded, _) => { loaded.Pop().Should().Be(3); loaded.Pop().Should().Be(2); loaded.Pop().Should().Be(1); }
        },
        { "LinkedList<string>", new LinkedList<string>(["first", "second", "third"]), (loaded, _) => loaded.First!.Value.Should().Be("first") },
        { "ImmutableArray<int>", ImmutableArray.Create(1, 2, 3) },
        { "ImmutableArray<int> empty", ImmutableArray<int>.Empty },
        { "ImmutableList<string>", ImmutableList.Create("a", "b") },
        { "ImmutableDictionary<string, int>", ImmutableDictionary.CreateRange([KeyValuePair.Create("a", 1), KeyValuePair.Create("b", 2)]), Unordered },
        { "ImmutableSortedDictionary<int, string>", ImmutableSortedDictionary.CreateRange([KeyValuePair.Create(2, "b"), KeyValuePair.Create(1, "a")]) },
        { "ImmutableHashSet<int>", ImmutableHashSet.Create(1, 2, 3), Unordered },
        { "ImmutableSortedSet<string>", ImmutableSortedSet.Create("b", "a") },
        { "ImmutableQueue<int>", ImmutableQueue.Create(1, 2, 3), (loaded, _) => loaded.Peek().Should().Be(1) },
        { "ImmutableStack<int>", ImmutableStack.Create(1, 2, 3), (loaded, _) => loaded.Peek().Should().Be(3) },
        { "Tuple<int, string, double>", Tuple.Create(1, "two", -0.0) },
        { "Tuple of 8", new Tuple<int, int, int, int, int, int, int, Tuple<string>>(1, 2, 3, 4, 5, 6, 7, Tuple.Create("eight")) },
        { "ValueTuple<int, string, DateTime>", (1, "two", new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc)), (loaded, _) => loaded.Item3.Kind.Should().Be(DateTimeKind.Utc) },
        { "ValueTuple of 9", (1, 2, 3, 4, 5, 6, 7, 8, "nine") },
        { "KeyValuePair<string, decimal>", KeyValuePair.Create("k", 1.50m), (loaded, _) => loaded.Value.Scale.Should().Be(2) },
        { "List<int?> with nulls", new List<int?> { 1, null, 3 } },
        { "Dictionary<string, List<int[]>>", new Dictionary<string, List<int[]>> { ["a"] = [[1, 2], []], ["b"] = [] } },
    };

    private static readonly RoundTripCases UserTypes = new()
    {
        {
            "class with public setters",
            new Order { Id = 7, Customer = "Grace", Total = 12.340m, Placed = new DateTime(2023, 3, 3, 3, 3, 3, DateTimeKind.Utc), Lines = ["a", "b"], Color = Color.Red, Discount = null },
            (loaded, _) => { loaded.Total.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("12.340"); loaded.Placed.Kind.Should().Be(DateTimeKind.Utc); }
        },
        { "class with private setters", Account.Open("Linus", 100.10m) },
        { "class with init-only members", new Settings { Name = "db", Retries = 3, Timeout = TimeSpan.FromSeconds(1.5) } },
        { "constructor-only immutable class", new Money(19.990m, "EUR") },
        { "record", new Person("Ada", new DateOnly(1815, 12, 10), ["Countess", "Enchantress of Numbers"]) },
        { "record struct", new Point3(1.5, -0.0, double.PositiveInfinity) },
        { "struct with fields", new MutablePair { Left = -5, Right = "r" } },
        {
            "nested generics",
            new Tree<Person>
            {
                Value = new Person("root", DateOnly.MinValue, []),
                Children = [new Tree<Person> { Value = new Person("child", DateOnly.MaxValue, ["c"]) }],
                Index = new Dictionary<string, List<KeyValuePair<int, Person>>> { ["k"] = [KeyValuePair.Create(1, new Person("p", new DateOnly(2000, 1, 1), []))] },
            }
        },
        { "List<Dictionary<string, Tree<int>>>", new List<Dictionary<string, Tree<int>>> { new() { ["one"] = new Tree<int> { Value = 1, Children = [new Tree<int> { Value = 2 }] } } } },
        { "internal class", new InternalThing { Number = 4, Text = "internal" } },
        { "private nested class", new PrivateNested { Secret = "hidden", Values = [1, 2] } },
        { "private nested record", new PrivateRecord(3, "r") },
    };

    /// <summary>Every case of this suite, for the differential tests that run them through every entry point.</summary>
    public static IReadOnlyList<RoundTripCases> Suites => [Numbers, Text, Times, Misc, Collections, UserTypes, KeyedListTests.RoundTrips];

    public static TheoryData<string> NumberCases => Numbers.Names;

    public static TheoryData<string> TextCases => Text.Names;

    public static TheoryData<string> TimeCases => Times.Names;

    public static TheoryData<string> MiscCases => Misc.Names;

    public static TheoryData<string> CollectionCases => Collections.Names;

    public static TheoryData<string> UserTypeCases => UserTypes.Names;

    [Theory]
    [MemberData(nameof(NumberCases))]
    public void RoundTrip_Number_LoadsExactValue(string name) => Numbers.Check(name);

    [Theory]
    [MemberData(nameof(TextCases))]
    public void RoundTrip_Text_LoadsExactValue(string name) => Text.Check(name);

    [Theory]
    [MemberData(nameof(TimeCases))]
    public void RoundTrip_DateAndTime_LoadsExactValueAndKind(string name) => Times.Check(name);

    [Theory]
    [MemberData(nameof(MiscCases))]
    public void RoundTrip_MiscValue_LoadsExactValue(string name) => Misc.Check(name);

    [Theory]
    [MemberData(nameof(CollectionCases))]
    public void RoundTrip_Collection_LoadsSameItemsInOrder(string name) => Collections.Check(name);

    [Theory]
    [MemberData(nameof(UserTypeCases))]
    public void RoundTrip_UserTypeWithoutAttributes_LoadsEquivalentObject(string name) => UserTypes.Check(name);

    [Fact]
    public void Load_DictionaryWithValueTupleKeys_IsNotRejectedAsUnprotectedKeyType()
    {
        var bytes = Pickle.DumpToBytes(new Dictionary<(string, int), int> { [("a", 1)] = 1, [("a", 2)] = 2 });

        var loaded = Pickle.LoadFromBytes<Dictionary<(string, int), int>>(bytes);

        loaded[("a", 2)].Should().Be(2);
        loaded.Should().HaveCount(2);
    }

    [Fact]
    public void Load_HashSetWithNestedTuples_IsNotRejectedAsUnprotectedKeyType()
    {
        var set = new HashSet<Tuple<int, (string?, Guid)>> { Tuple.Create(1, ((string?)null, Guid.Empty)), Tuple.Create(1, ((string?)"x", Guid.Empty)) };

        var loaded = Pickle.LoadFromBytes<HashSet<Tuple<int, (string?, Guid)>>>(Pickle.DumpToBytes(set));

        loaded.Should().BeEquivalentTo(set);
        loaded.Contains(Tuple.Create(1, ((string?)"x", Guid.Empty))).Should().BeTrue();
    }

    [Fact]
    public void Load_TupleKeyWithItemOfUserType_RoundTrips()
    {
        var bytes = Pickle.DumpToBytes(new Dictionary<(int, Money), int> { [(1, new Money(1m, "EUR"))] = 1 });

        var loaded = Pickle.LoadFromBytes<Dictionary<(int, Money), int>>(bytes);

        var entry = loaded.Should().ContainSingle().Subject;
        (entry.Key.Item1, entry.Key.Item2.Amount, entry.Key.Item2.Currency, entry.Value).Should().Be((1, 1m, "EUR", 1));
    }

    [Fact]
    public void Dump_NativeSizedIntegers_DoesNotFailForMissingFormatter()
    {
        var values = (Small: (nint)(-5), Big: nuint.MaxValue, List: new List<nint> { nint.MinValue, 0 });

        var loaded = Pickle.LoadFromBytes<(nint Small, nuint Big, List<nint> List)>(Pickle.DumpToBytes(values));

        loaded.Small.Should().Be(-5);
        loaded.Big.Should().Be(nuint.MaxValue);
        loaded.List.Should().Equal(nint.MinValue, 0);
    }

    [Fact]
    public void RoundTrip_DoubleNegativeZero_KeepsSignBit()
    {
        var loaded = Pickle.LoadFromBytes<double>(Pickle.DumpToBytes(-0.0));

        double.IsNegative(loaded).Should().BeTrue();
        BitConverter.DoubleToInt64Bits(loaded).Should().Be(long.MinValue);
    }

    [Fact]
    public void RoundTrip_ConstructorOnlyClass_PassesValuesThroughConstructor()
    {
        var loaded = Pickle.LoadFromBytes<Money>(Pickle.DumpToBytes(new Money(1.50m, "USD")));

        loaded.Amount.Scale.Should().Be(2);
        loaded.Currency.Should().Be("USD");
    }

    [Fact]
    public void Load_LaterVersionWithAddedMember_AddedMemberKeepsItsDefault()
    {
        var bytes = Pickle.DumpToBytes(new ContactV1 { Id = 9, Name = "Ada", Fax = "+44 20" });

        var loaded = Pickle.LoadFromBytes<ContactV2>(AsOneClassOfTwoVersions(bytes));

        loaded.Id.Should().Be(9);
        loaded.Name.Should().Be("Ada");
        loaded.Email.Should().BeNull();
        loaded.Priority.Should().Be(3);
    }

    [Fact]
    public void Load_LaterVersionWithRemovedMember_RemovedMemberIsIgnored()
    {
        var bytes = Pickle.DumpToBytes(new ContactV2 { Id = 9, Name = "Ada", Email = "ada@example.com", Priority = 1 });

        var loaded = Pickle.LoadFromBytes<ContactV1>(AsOneClassOfTwoVersions(bytes));

        loaded.Id.Should().Be(9);
        loaded.Name.Should().Be("Ada");
        loaded.Fax.Should().BeNull();
    }

    public static readonly TheoryData<ScalarFields> ScalarFieldCases = new()
    {
        new ScalarFields(),
        new ScalarFields { Count = int.MinValue, Total = long.MaxValue, Ratio = -0.0, Scale = float.Epsilon, Flag = true, When = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local), Text = "" },
        new ScalarFields { Count = -1, Total = long.MinValue, Ratio = double.NaN, Scale = float.NegativeInfinity, When = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(7), Text = "Grüße, 世界" },
        new ScalarFields { Count = int.MaxValue, Total = 1L << 40, Ratio = double.MaxValue, Scale = -0.0f, When = DateTime.MaxValue, Text = new string('x', 70_000) },
    };

    [Theory]
    [MemberData(nameof(ScalarFieldCases))]
    public void Load_ScalarFields_LoadBackExactly(ScalarFields value)
    {
        var loaded = Pickle.LoadFromBytes<ScalarFields>(Pickle.DumpToBytes(value));

        Faithful.ShouldBeSame(loaded, value);
        loaded.When.Kind.Should().Be(value.When.Kind);
        BitConverter.DoubleToInt64Bits(loaded.Ratio).Should().Be(BitConverter.DoubleToInt64Bits(value.Ratio));
        BitConverter.SingleToInt32Bits(loaded.Scale).Should().Be(BitConverter.SingleToInt32Bits(value.Scale));
    }

    [Theory]
    [MemberData(nameof(ScalarFieldCases))]
    public void Load_ScalarFieldsOfStruct_LoadBackExactly(ScalarFields fields)
    {
        var value = new ScalarStruct { Count = fields.Count, Total = fields.Total, Ratio = fields.Ratio, Scale = fields.Scale, Flag = fields.Flag, When = fields.When, Text = fields.Text };

        var loaded = Pickle.LoadFromBytes<ScalarStruct>(Pickle.DumpToBytes(value));

        Faithful.ShouldBeSame(loaded, value);
        loaded.When.Kind.Should().Be(value.When.Kind);
        BitConverter.DoubleToInt64Bits(loaded.Ratio).Should().Be(BitConverter.DoubleToInt64Bits(value.Ratio));
    }

    /// <summary>
    /// A field of <see cref="ScalarFields"/> and one encoding of its value, as bytes: those Pickle writes, the other
    /// encodings MessagePack's reader accepts, and values it refuses.
    /// </summary>
    public static readonly TheoryData<string, byte[]> ScalarFieldEncodings = new()
    {
        { "Count", [0x05] }, { "Count", [0xFD] }, { "Count", [0xCC, 200] }, { "Count", [0xCD, 0x12, 0x34] }, { "Count", [0xCE, 0x7F, 0xFF, 0xFF, 0xFF] },
        { "Count", [0xCE, 0x80, 0, 0, 0] }, { "Count", [0xCF, 0, 0, 0, 0, 0, 0, 0, 7] }, { "Count", [0xCF, 0x80, 0, 0, 0, 0, 0, 0, 0] },
        { "Count", [0xD0, 0x80] }, { "Count", [0xD1, 0x80, 0] }, { "Count", [0xD2, 0x80, 0, 0, 0] }, { "Count", [0xD3, 0xFF, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0] },
        { "Count", [0xD3, 0, 0, 0, 1, 0, 0, 0, 0] }, { "Count", [0xCB, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0] }, { "Count", [0xC0] }, { "Count", [0xA1, (byte)'x'] },
        { "Total", [0xCF, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] }, { "Total", [0xCF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "Total", [0xD3, 0x80, 0, 0, 0, 0, 0, 0, 0] }, { "Total", [0xE0] }, { "Total", [0xCA, 0x3F, 0x80, 0, 0] },
        { "Ratio", [0xCB, 0x40, 0x09, 0x21, 0xFB, 0x54, 0x44, 0x2D, 0x18] }, { "Ratio", [0xCA, 0x3F, 0xC0, 0, 0] }, { "Ratio", [0x07] }, { "Ratio", [0xD3, 0, 0, 0, 0, 0, 0, 1, 0] },
        { "Ratio", [0xC3] },
        { "Scale", [0xCA, 0xBF, 0xC0, 0, 0] }, { "Scale", [0xCB, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0] }, { "Scale", [0xFF] },
        { "Flag", [0xC3] }, { "Flag", [0xC2] }, { "Flag", [0x01] },
        { "When", [0xD3, 0x48, 0xDE, 0x3C, 0x4A, 0x2C, 0x5E, 0x80, 0x00] }, { "When", [0x00] }, { "When", [0xFF] },
        { "When", [0xD6, 0xFF, 0x65, 0x92, 0x00, 0x00] }, { "When", [0xD3, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF] },
        { "Text", [0xC0] }, { "Text", [0xA0] }, { "Text", [0xA3, (byte)'a', (byte)'b', (byte)'c'] }, { "Text", [0xD9, 2, 0xC3, 0xA9] }, { "Text", [0xDA, 0, 1, (byte)'z'] },
        { "Text", [0xDB, 0, 0, 0, 1, (byte)'q'] }, { "Text", [0xA2, 0xFF, 0xFE] }, { "Text", [0xA2, 0xE2, 0x82] }, { "Text", [0x01] },
    };

    [Theory]
    [MemberData(nameof(ScalarFieldEncodings))]
    public void Load_ScalarFieldEncoding_ReadsAsMessagePacksReaderDoes(string field, byte[] encoded)
    {
        // The fields in their declared order, each in the encoding Pickle writes, except the one under test.
        var defaults = new Dictionary<string, byte[]>
        {
            ["Count"] = [0x01], ["Total"] = [0x02], ["Ratio"] = [0xCB, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0], ["Scale"] = [0xCA, 0x3F, 0x80, 0, 0],
            ["Flag"] = [0xC3], ["When"] = [0x03], ["Text"] = [0xA1, (byte)'t'],
        };
        defaults[field] = encoded;
        var payload = new List<byte> { 0x87 };
        foreach (var (key, value) in defaults)
        {
            payload.Add((byte)(0xA0 + key.Length));
            payload.AddRange(System.Text.Encoding.ASCII.GetBytes(key));
            payload.AddRange(value);
        }

        var frame = RawFrames.Build([.. payload]);

        // With a converter the options have a resolver of their own, and every field is read through MessagePack's reader.
        var throughReader = PickleOptions.Default with { Converters = [PickleConverter.FromFormatter(new GuidAsStringFormatter())] };
        var expected = Capture(() => Pickle.LoadFromBytes<ScalarFields>(frame, throughReader));
        var actual = Capture(() => Pickle.LoadFromBytes<ScalarFields>(frame));

        if (expected.Error is not null)
        {
            actual.Error.Should().NotBeNull().And.BeOfType(expected.Error.GetType());
            actual.Error!.Message.Should().Be(expected.Error.Message);
        }
        else
        {
            actual.Error.Should().BeNull();
            Faithful.ShouldBeSame(actual.Value!, expected.Value!);
            actual.Value!.When.Kind.Should().Be(expected.Value!.When.Kind);
            BitConverter.DoubleToInt64Bits(actual.Value.Ratio).Should().Be(BitConverter.DoubleToInt64Bits(expected.Value.Ratio));
        }
    }

    public static readonly TheoryData<int> BlockLengths = new() { 0, 1, 3, 15, 62, 63, 64, 300 };

    [Theory]
    [MemberData(nameof(BlockLengths))]
    public void Load_BlockFieldsBetweenScalarFields_LoadBackEqual(int length)
    {
        var value = new BlockFields
        {
            First = length,
            Values = [.. Enumerable.Range(-length, length)],
            Weights = [.. Enumerable.Range(0, length).Select(i => i * 0.5)],
            Last = "end",
        };

        var loaded = Pickle.LoadFromBytes<BlockFields>(Pickle.DumpToBytes(value));

        loaded.Should().BeEquivalentTo(value, o => o.WithStrictOrdering());
        Pickle.LoadFromBytes<BlockFields>(Pickle.DumpToBytes(new BlockFields { First = 1, Last = "x" })).Should().BeEquivalentTo(new BlockFields { First = 1, Last = "x" });
    }

    [Fact]
    public void Load_FieldsInAnotherOrder_LoadBackEqual()
    {
        var payload = new List<byte> { 0x83, 0xA4 };
        payload.AddRange("Text"u8.ToArray());
        payload.AddRange([0xA1, (byte)'t', 0xA5]);
        payload.AddRange("Count"u8.ToArray());
        payload.AddRange([0x09, 0xA4]);
        payload.AddRange("Flag"u8.ToArray());
        payload.Add(0xC3);

        var loaded = Pickle.LoadFromBytes<ScalarFields>(RawFrames.Build([.. payload]));

        loaded.Should().BeEquivalentTo(new ScalarFields { Text = "t", Count = 9, Flag = true });
    }

    private static (T? Value, Exception? Error) Capture<T>(Func<T> load)
    {
        try
        {
            return (load(), null);
        }
        catch (PickleException e)
        {
            return (default, e);
        }
    }

    private sealed class GuidAsStringFormatter : MessagePack.Formatters.IMessagePackFormatter<Guid>
    {
        public void Serialize(ref MessagePack.MessagePackWriter writer, Guid value, MessagePack.MessagePackSerializerOptions options) =>
            writer.Write(value.ToString());

        public Guid Deserialize(ref MessagePack.MessagePackReader reader, MessagePack.MessagePackSerializerOptions options) =>
            Guid.Parse(reader.ReadString()!);
    }

    public static readonly TheoryData<byte[]> SmallBlitElements = new()
    {
        Array.Empty<byte>(), new byte[] { 1 }, new byte[] { 1, 2, 3 }, new byte[] { 1, 2, 3, 4, 5, 6, 7 }, Enumerable.Range(0, 15).Select(i => (byte)i).ToArray(),
        Enumerable.Range(0, 16).Select(i => (byte)i).ToArray(), Enumerable.Range(0, 254).Select(i => (byte)i).ToArray(), Enumerable.Range(0, 255).Select(i => (byte)i).ToArray(),
    };

    [Theory]
    [MemberData(nameof(SmallBlitElements))]
    public void Load_SmallBlitsOfEveryExtensionLength_LoadBackEqual(byte[] bytes)
    {
        // One element code plus 0, 1, 3, 7 and 15 one-byte elements fill each fixext; 254 fills an ext 8; 255 needs an ext 16.
        var signed = bytes.Select(b => unchecked((sbyte)b)).ToArray();
        var booleans = bytes.Select(b => b % 2 == 1).ToArray();
        var value = (signed, signed.ToList(), booleans, booleans.ToList(), new List<short>(bytes.Select(b => (short)-b)));

        var loaded = Pickle.LoadFromBytes<(sbyte[], List<sbyte>, bool[], List<bool>, List<short>)>(Pickle.DumpToBytes(value));

        loaded.Should().BeEquivalentTo(value, o => o.WithStrictOrdering());
    }

    public static readonly TheoryData<int> SegmentLengths = new() { 1, 2, 3, 1024 };

    [Theory]
    [MemberData(nameof(SegmentLengths))]
    public void Deserialize_SharedListsInManySegments_KeepsSharedReferences(int segmentLength)
    {
        var options = PickleOptions.Default with { PreserveReferences = true };
        var shared = new List<int> { 1, 2, 3, 4, 5, 6, 7 };
        List<List<int>> value = [shared, [], shared, [8], shared];
        var payload = RawFrames.WholePayloadOf(Pickle.DumpToBytes(value, options));

        var loaded = MessagePackPickleSerializer.Default.Deserialize<List<List<int>>>(Segments.Split(payload, segmentLength), options);

        loaded.Should().BeEquivalentTo(value, o => o.WithStrictOrdering());
        loaded[2].Should().BeSameAs(loaded[0]);
        loaded[4].Should().BeSameAs(loaded[0]);
        loaded[1].Should().NotBeSameAs(loaded[0]);
    }

    [Fact]
    public void Load_ChainDeeperThanTheStackHolds_ThrowsPickleExceptionInsteadOfOverflowing()
    {
        var options = PickleOptions.Default with { MaxDepth = 10_000 };
        var bytes = StackThreads.Run(() => Pickle.DumpToBytes(Node.Chain(9_000), options), 256 * 1024 * 1024);

        var load = () => StackThreads.Run(() => Pickle.LoadFromBytes<Node>(bytes, options), 512 * 1024);

        load.Should().Throw<PickleException>().WithMessage("*The load ran out of stack space*");
        StackThreads.Run(() => Pickle.LoadFromBytes<Node>(bytes, options), 256 * 1024 * 1024).Value.Should().Be(0);
    }

    [Fact]
    public void Load_DeeperThanMaxDepth_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes(Node.Chain(50));

        var act = () => Pickle.LoadFromBytes<Node>(bytes, PickleOptions.Default with { MaxDepth = 10 });

        act.Should().Throw<PickleException>().WithMessage("*depth*");
    }

    [Fact]
    public void Dump_DeeperThanMaxDepth_ThrowsPickleException()
    {
        var act = () => Pickle.DumpToBytes(Node.Chain(50), PickleOptions.Default with { MaxDepth = 10 });

        act.Should().Throw<PickleException>().WithMessage("*depth*");
    }

    [Fact]
    public void Load_WithinMaxDepth_LoadsWholeChain()
    {
        var bytes = Pickle.DumpToBytes(Node.Chain(50));

        var loaded = Pickle.LoadFromBytes<Node>(bytes, PickleOptions.Default with { MaxDepth = 100 });

        var count = 0;
        for (var node = loaded; node is not null; node = node.Next)
        {
            node.Value.Should().Be(count++);
        }

        count.Should().Be(50);
    }

    [Fact]
    public void Serialize_ThenDeserialize_UsesOnlyThePayload()
    {
        var serializer = new MessagePackPickleSerializer();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();

        serializer.Serialize(buffer, new List<string> { "a", "b" }, PickleOptions.Default);
        var loaded = serializer.Deserialize<List<string>>(new System.Buffers.ReadOnlySequence<byte>(buffer.WrittenMemory), PickleOptions.Default);

        serializer.Format.Should().Be("msgpack");
        buffer.WrittenSpan[0].Should().Be(0x92, "a two-item list of strings is a MessagePack fixarray of 2");
        loaded.Should().Equal("a", "b");
    }

    [Fact]
    public void Deserialize_TrailingBytesInPayload_ThrowsPickleException()
    {
        var serializer = new MessagePackPickleSerializer();

        var act = () => serializer.Deserialize<int>(new System.Buffers.ReadOnlySequence<byte>(RawFrames.RootTyped(typeof(int), [0x01, 0x02])), PickleOptions.Default);

        act.Should().Throw<PickleException>().WithMessage("*more bytes after its value*");
    }

    [Fact]
    public void Deserialize_EmptyPayload_ThrowsPickleException()
    {
        var serializer = new MessagePackPickleSerializer();

        var act = () => serializer.Deserialize<int>(System.Buffers.ReadOnlySequence<byte>.Empty, PickleOptions.Default);

        act.Should().Throw<PickleException>().WithMessage("*empty*");
    }

    private static Stack<int> CreateStack(params int[] pushed)
    {
        var stack = new Stack<int>();
        foreach (var item in pushed)
        {
            stack.Push(item);
        }

        return stack;
    }

    private sealed class PrivateNested
    {
        public string? Secret { get; set; }

        public List<int> Values { get; set; } = [];
    }

    private sealed record PrivateRecord(int Number, string Text);

    /// <summary>
    /// The frame's value in a version-1 frame, whose root type is not checked: ContactV1 and ContactV2 stand for one
    /// class as two versions of a program define it, which a version-2 frame would tell apart by name.
    /// </summary>
    private static byte[] AsOneClassOfTwoVersions(byte[] frame) => RawFrames.Build(RawFrames.PayloadOf(frame));
}
