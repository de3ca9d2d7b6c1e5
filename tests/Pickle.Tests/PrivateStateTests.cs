using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class PrivateStateTests
{
    private static T RoundTrip<T>(T value) => Pickle.LoadFromBytes<T>(Pickle.DumpToBytes(value));

    [Fact]
    public void Load_BaseClassPrivateFields_AreRestored()
    {
        var account = new LedgerAccount("ann", 10m);
        account.Deposit(5.5m);

        var loaded = RoundTrip(account);

        loaded.Owner.Should().Be("ann");
        loaded.Balance.Should().Be(15.5m);
    }

    [Fact]
    public void Load_DerivedFieldHidingBaseField_KeepsBoth()
    {
        var account = new SavingsLedgerAccount("bob", 100m, 0.02, "rainy day");

        var loaded = RoundTrip(account);

        loaded.Owner.Should().Be("bob");
        loaded.Nickname.Should().Be("rainy day");
        loaded.Balance.Should().Be(100m);
        loaded.Rate.Should().Be(0.02);
    }

    [Fact]
    public void Load_NonSerializedAndIgnoredMembers_KeepTheirDefaults()
    {
        var account = new SavingsLedgerAccount("bob", 1m, 0.1, "x") { Session = "live", Ignored = 42, CacheHits = 9 };

        var loaded = RoundTrip(account);

        loaded.Session.Should().BeNull("SavingsLedgerAccount has no parameterless constructor to set it");
        loaded.Ignored.Should().Be(0);
        loaded.CacheHits.Should().Be(0);
    }

    [Fact]
    public void Dump_ClassWithNameCollision_WritesBaseFieldUnderQualifiedKey()
    {
        var bytes = Pickle.DumpToBytes(new SavingsLedgerAccount("bob", 1m, 0.1, "x"));

        var text = System.Text.Encoding.UTF8.GetString(bytes);

        text.Should().Contain("LedgerAccount._owner").And.Contain("Rate").And.NotContain("k__BackingField").And.NotContain("Session");
    }

    [Fact]
    public void Load_TypeWithoutUsableConstructor_IsCreatedWithoutRunningOne()
    {
        var loaded = RoundTrip(new NoUsableConstructor(7, allow: true));

        loaded.Value.Should().Be(7);
    }

    [Fact]
    public void Load_StructWithReadOnlyPrivateFields_IsRestored()
    {
        RoundTrip(new Measurement(1.5, "kg")).ToString().Should().Be("1.5 kg");
    }

    [Fact]
    public void Load_RecordInitOnlyAndConstructorOnlyClasses_AreRestored()
    {
        RoundTrip(new PositionalPerson("Ada", 36)).Should().Be(new PositionalPerson("Ada", 36));
        RoundTrip(new ImmutablePoint3(1, 2, 3)).Should().BeEquivalentTo(new ImmutablePoint3(1, 2, 3));
        var when = new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Local);
        var init = RoundTrip(new InitOnly { Name = "n", When = when });
        init.Name.Should().Be("n");
        init.When.Should().Be(when);
        init.When.Kind.Should().Be(DateTimeKind.Local);
    }

    [Fact]
    public void Load_LaterVersionOfType_KeepsNewFieldDefaultAndIgnoresRemovedField()
    {
        var bytes = Pickle.DumpToBytes(new SettingsV1());

        var loaded = Pickle.LoadFromBytes<SettingsV2>(RawFrames.Build(RawFrames.PayloadOf(bytes)));

        loaded.Volume.Should().Be(3);
        loaded.Brightness.Should().Be(7);
    }

    [Fact]
    public void Load_TypeWithCallbacks_CallsOnDumpingAndOnLoaded()
    {
        var counter = new CallbackCounter { Values = [1, 2, 3] };

        var loaded = RoundTrip(counter);

        counter.Dumped.Should().Be(1);
        loaded.Dumped.Should().Be(1);
        loaded.Loaded.Should().BeTrue();
        loaded.Sum.Should().Be(6);
    }

    [Fact]
    public void Load_FieldKeyOfWrongKind_ThrowsPickleException()
    {
        var bytes = Pickle.DumpToBytes(new Dictionary<int, int> { [1] = 2 });
        var frame = Pickle.DumpToBytes(new LedgerAccount("a", 1m));

        var act = () => Pickle.LoadFromBytes<LedgerAccount>(bytes);

        act.Should().Throw<PickleException>().WithMessage("*LedgerAccount*");
        Pickle.LoadFromBytes<LedgerAccount>(frame).Owner.Should().Be("a");
    }
}
