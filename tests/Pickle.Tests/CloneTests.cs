using System.Diagnostics;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// <see cref="Pickle.Clone{T}"/>: a deep copy that is the value a round trip through bytes gives, with identity always
/// kept, and the same refusals as a dump and a load.
/// </summary>
public class CloneTests
{
    private static readonly PickleOptions WithReferences = PickleOptions.Default with { PreserveReferences = true };

    public static TheoryData<string> ZooNames() => [.. SymmetryZoo.Values.Keys];

    [Fact]
    public void Clone_NestedCollections_CopiesEveryLevel()
    {
        var original = new Dictionary<string, List<int>> { ["a"] = [1, 2, 3], ["b"] = [] };

        var copy = Pickle.Clone(original);
        copy["a"].Add(4);
        copy["c"] = [9];

        copy.Should().NotBeSameAs(original);
        copy["a"].Should().NotBeSameAs(original["a"]);
        original["a"].Should().Equal(1, 2, 3);
        original.Should().NotContainKey("c");
        copy["b"].Should().BeEmpty();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Clone_CycleAndSharedObjects_KeepsThemWhateverTheOptionsSay(bool preserveReferences)
    {
        var shared = new List<int> { 1, 2 };
        var root = new TreeNode { Name = "root" };
        var child = new TreeNode { Name = "child", Parent = root };
        root.Children.Add(child);
        root.Children.Add(child);
        var pair = new Pair { First = root, Second = root, Left = shared, Right = shared };

        var copy = Pickle.Clone(pair, PickleOptions.Default with { PreserveReferences = preserveReferences });

        copy.Left.Should().BeSameAs(copy.Right).And.NotBeSameAs(shared).And.Equal(1, 2);
        copy.First.Should().BeSameAs(copy.Second).And.NotBeSameAs(root);
        var copiedRoot = (TreeNode)copy.First!;
        copiedRoot.Children.Should().HaveCount(2);
        copiedRoot.Children[0].Should().BeSameAs(copiedRoot.Children[1]);
        copiedRoot.Children[0].Parent.Should().BeSameAs(copiedRoot);
        copiedRoot.Children[0].Name.Should().Be("child");
    }

    [Fact]
    public void Clone_PrivateBaseClassState_IsCopied()
    {
        var account = new SavingsLedgerAccount("ada", 10.50m, 0.02, "savings");
        account.Deposit(1.25m);

        var copy = Pickle.Clone(account);

        copy.Should().NotBeSameAs(account);
        copy.Owner.Should().Be("ada");
        copy.Balance.Should().Be(11.75m);
        copy.Rate.Should().Be(0.02);
        copy.Nickname.Should().Be("savings");
    }

    [Fact]
    public void Clone_ValueUnderItsBaseType_IsCopiedAsItsOwnType()
    {
        Animal dog = new Dog { Name = "Rex", GoodBoy = true };

        var copy = Pickle.Clone(dog);

        copy.Should().BeOfType<Dog>().Which.GoodBoy.Should().BeTrue();
        copy.Should().NotBeSameAs(dog);
        copy.Name.Should().Be("Rex");
    }

    [Fact]
    public void Clone_ScalarsThatLoseDetailElsewhere_KeepKindAndScale()
    {
        var value = (When: new DateTime(2026, 12, 1, 13, 0, 0, DateTimeKind.Local), Amount: 1.500m, Zero: -0.0);

        var copy = Pickle.Clone(value);

        copy.When.Kind.Should().Be(DateTimeKind.Local);
        copy.When.Ticks.Should().Be(value.When.Ticks);
        decimal.GetBits(copy.Amount).Should().Equal(decimal.GetBits(1.500m));
        double.IsNegative(copy.Zero).Should().BeTrue();
    }

    [Fact]
    public void Clone_Null_ReturnsNull()
    {
        Pickle.Clone<List<int>?>(null).Should().BeNull();
        Pickle.Clone<int?>(null).Should().BeNull();
    }

    [Fact]
    public void Clone_WithTheJsonSerializer_UsesIt()
    {
        var options = PickleOptions.Default with { Serializer = new SystemTextJsonPickleSerializer() };
        var original = new List<string> { "x", "y" };

        var copy = Pickle.Clone(original, options);

        copy.Should().Equal("x", "y").And.NotBeSameAs(original);
    }

    [Fact]
    public void Clone_WithAConverter_CopiesThroughIt()
    {
        var options = PickleOptions.Default with { Converters = [new TemperatureSurrogate()] };
        var original = new List<Temperature> { Temperature.FromKelvin(273.15) };

        var copy = Pickle.Clone(original, options);

        copy.Should().ContainSingle().Which.Should().NotBeSameAs(original[0]);
        copy[0].Kelvin.Should().Be(273.15);
    }

    [Fact]
    public void Clone_GadgetMember_ThrowsPickleExceptionAsDumpDoes()
    {
        var settings = new WorkerSettings { Name = "w", Worker = new Process() };
        var dumpError = FluentActions.Invoking(() => Pickle.DumpToBytes(settings)).Should().Throw<PickleException>().Which.Message;

        var clone = () => Pickle.Clone(settings);

        clone.Should().Throw<PickleException>().Which.Message.Should().Be(dumpError);
    }

    [Fact]
    public void Clone_TypeNotAllowedUnderObject_ThrowsPickleExceptionAsTheRoundTripDoes()
    {
        var box = new Box<object> { Value = new Money(1m, "EUR") };
        var roundTripError = FluentActions.Invoking(() => Pickle.LoadFromBytes<Box<object>>(Pickle.DumpToBytes(box)))
            .Should().Throw<PickleException>().Which.Message;

        var clone = () => Pickle.Clone(box);

        clone.Should().Throw<PickleException>().Which.Message.Should().Be(roundTripError);
        Pickle.Clone(box, PickleOptions.Default with { AllowedTypes = [typeof(Money)] }).Value.Should().BeEquivalentTo(new Money(1m, "EUR"));
    }

    [Fact]
    public void Clone_DeepChainPastMaxDepth_ThrowsPickleException()
    {
        var chain = Node.Chain(50);

        var clone = () => Pickle.Clone(chain, PickleOptions.Default with { MaxDepth = 20 });

        clone.Should().Throw<PickleException>();
        Pickle.Clone(chain).Next!.Next!.Value.Should().Be(2);
    }

    [Theory]
    [MemberData(nameof(ZooNames))]
    public void Clone_ZooValue_IsWhatARoundTripThroughBytesGives(string name)
    {
        var value = SymmetryZoo.Values[name]();

        var roundTrip = Outcome(() => Pickle.LoadFromBytes<object>(Pickle.DumpToBytes<object?>(value, WithReferences)));
        var clone = Outcome(() => Pickle.Clone<object?>(value));

        clone.Error.Should().Be(roundTrip.Error, name);
        if (roundTrip.Error is null)
        {
            (clone.Value?.GetType()).Should().Be(value?.GetType(), name);
            Pickle.DumpToBytes(clone.Value, WithReferences).Should().Equal(Pickle.DumpToBytes(roundTrip.Value, WithReferences), name);
        }
    }

    [Fact]
    public void Clone_LargeArrayAboveOneMebibyte_IsACopy()
    {
        var data = Enumerable.Range(0, 600_000).Select(i => i * 0.5).ToArray();
        var holder = new Pair { First = data, Second = data };

        var copy = Pickle.Clone(holder);

        copy.First.Should().BeSameAs(copy.Second).And.NotBeSameAs(data);
        ((double[])copy.First!).Should().Equal(data);
    }

    private static (object? Value, string? Error) Outcome(Func<object?> make)
    {
        try
        {
            return (make(), null);
        }
        catch (PickleException e)
        {
            return (null, e.Message);
        }
    }
}
