using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// <see cref="Pickle.LoadBinaryFormatter{T}"/>: payloads written by the real BinaryFormatter (golden files under
/// Golden/nrbf, and fresh ones) load as they were saved, and every bad payload is a <see cref="PickleException"/>.
/// </summary>
public class BinaryFormatterLoadTests
{
    private static readonly PickleOptions Models = PickleOptions.Default with { AllowedAssemblies = [typeof(Ledger).Assembly] };

    public static byte[] LedgerPayload => BinaryFormatterPayloads.Golden("ledger", BinaryFormatterPayloads.NewLedger);

    public static TheoryData<string> Readers => ["whole", "one byte per read", "non-seekable"];

    [Theory]
    [MemberData(nameof(Readers))]
    public void LoadBinaryFormatter_GoldenLedger_LoadsAsItWasSaved(string reader)
    {
        var bytes = LedgerPayload;
        using var stream = Open(bytes, reader);

        var ledger = Pickle.LoadBinaryFormatter<Ledger>(stream);

        CheckLedger(ledger);
        if (reader != "non-seekable")
        {
            stream.Position.Should().Be(bytes.Length);
        }
    }

    [Fact]
    public void LoadBinaryFormatter_FreshPayloadOfBinaryFormatter_LoadsAsItWasSaved()
    {
        var ledger = Pickle.LoadBinaryFormatter<Ledger>(new MemoryStream(NrbfBytes.Serialize(BinaryFormatterPayloads.NewLedger())));

        CheckLedger(ledger);
    }

    [Fact]
    public void LoadBinaryFormatter_GoldenLedger_IsWhatPickleRoundTripsToo()
    {
        var loaded = Pickle.LoadBinaryFormatter<Ledger>(new MemoryStream(LedgerPayload));

        var again = Pickle.LoadFromBytes<Ledger>(Pickle.DumpToBytes(loaded, PickleOptions.Default with { PreserveReferences = true }));

        again.Should().BeEquivalentTo(loaded, o => o.IgnoringCyclicReferences());
        again.Same.Should().BeSameAs(again.Main);
    }

    [Fact]
    public void LoadBinaryFormatter_TwoPayloadsOnOneStream_ReadsOneAtATime()
    {
        var stream = new MemoryStream([.. NrbfBytes.Serialize("one"), .. NrbfBytes.Serialize(2)]);

        Pickle.LoadBinaryFormatter<string>(stream).Should().Be("one");
        Pickle.LoadBinaryFormatter<int>(stream).Should().Be(2);
    }

    [Fact]
    public void LoadBinaryFormatterFromFile_GoldenFile_Loads()
    {
        Pickle.LoadBinaryFormatterFromFile<Ledger>(BinaryFormatterPayloads.PathOf("ledger")).Title.Should().Be("books");
    }

    [Fact]
    public void LoadBinaryFormatter_AsObjectWithoutAllowingTheModel_ThrowsTheAllowListsMessage()
    {
        var load = () => Pickle.LoadBinaryFormatter<object>(new MemoryStream(LedgerPayload));

        load.Should().Throw<PickleException>().WithMessage("*Pickling.Tests.Models.Ledger*not allowed*AllowedTypes*");
    }

    [Fact]
    public void LoadBinaryFormatter_AsObjectWithTheModelAllowed_Loads()
    {
        Pickle.LoadBinaryFormatter<object>(new MemoryStream(LedgerPayload), Models).Should().BeOfType<Ledger>();
    }

    [Fact]
    public void LoadBinaryFormatter_ModelInAnObjectMemberNotAllowed_ThrowsPickleException()
    {
        var payload = NrbfBytes.Serialize(new LedgerHolder { Value = new Entry { Name = "e" } });

        var load = () => Pickle.LoadBinaryFormatter<LedgerHolder>(new MemoryStream(payload));

        load.Should().Throw<PickleException>().WithMessage("*Pickling.Tests.Models.Entry*not allowed*");
        Pickle.LoadBinaryFormatter<LedgerHolder>(new MemoryStream(payload), Models).Value.Should().BeOfType<Entry>().Which.Name.Should().Be("e");
    }

    [Theory]
    [InlineData("System.IO.FileInfo", "mscorlib, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089")]
    [InlineData("System.Diagnostics.Process", "System, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089")]
    [InlineData("System.Diagnostics.Process", "System.Diagnostics.Process, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a")]
    public void LoadBinaryFormatter_PayloadNamingAGadget_ThrowsPickleExceptionEvenWithEverythingAllowed(string gadget, string assembly)
    {
        _ = typeof(System.Diagnostics.Process).Assembly;
        // A list of the core library holds the stand-in, so that the test assembly's name is the stand-in's alone.
        var payload = NrbfBytes.Serialize(new List<object> { new GadgetStandIn() });
        payload = NrbfBytes.Rename(payload, typeof(GadgetStandIn).FullName!, gadget);
        var everything = PickleOptions.Default with
        {
            AllowedAssemblies = [typeof(Ledger).Assembly, typeof(FileInfo).Assembly, typeof(System.Diagnostics.Process).Assembly],
        };

        var load = () => Pickle.LoadBinaryFormatter<List<object>>(new MemoryStream(Rename(payload, assembly)), everything);

        load.Should().Throw<PickleException>().WithMessage($"*{gadget}*never creates*");
    }

    [Fact]
    public void LoadBinaryFormatter_RootNamingAGadget_ThrowsPickleException()
    {
        var payload = NrbfBytes.Rename(NrbfBytes.Serialize(new GadgetStandIn()), typeof(GadgetStandIn).FullName!, "System.IO.FileInfo");

        var load = () => Pickle.LoadBinaryFormatter<object>(new MemoryStream(Rename(payload, "mscorlib")));

        load.Should().Throw<PickleException>().WithMessage("*System.IO.FileInfo*never creates*");
    }

    [Fact]
    public void LoadBinaryFormatter_UnknownType_ThrowsPickleExceptionNamingIt()
    {
        var payload = NrbfBytes.Rename(NrbfBytes.Serialize(new GadgetStandIn()), typeof(GadgetStandIn).FullName!, "Gone.Widget");

        var load = () => Pickle.LoadBinaryFormatter<object>(new MemoryStream(payload), Models);

        load.Should().Throw<PickleException>().WithMessage("*Gone.Widget*TypeAliases*");
    }

    [Fact]
    public void LoadBinaryFormatter_RenamedTypeWithAnAlias_LoadsAsTheNewType()
    {
        var payload = NrbfBytes.Rename(NrbfBytes.Serialize(new GadgetStandIn { Path = "p" }), typeof(GadgetStandIn).FullName!, "Gone.Widget");
        var options = Models with { TypeAliases = new Dictionary<string, Type> { ["Gone.Widget"] = typeof(GadgetStandIn) } };

        Pickle.LoadBinaryFormatter<GadgetStandIn>(new MemoryStream(payload), options).Path.Should().Be("p");
    }

    [Fact]
    public void LoadBinaryFormatter_WrongType_ThrowsPickleException()
    {
        var asString = () => Pickle.LoadBinaryFormatter<string>(new MemoryStream(LedgerPayload));
        var asEntry = () => Pickle.LoadBinaryFormatter<Entry>(new MemoryStream(LedgerPayload));
        var asInt = () => Pickle.LoadBinaryFormatter<int>(new MemoryStream(NrbfBytes.Serialize("text")));

        asString.Should().Throw<PickleException>().WithMessage("*Ledger where a System.String is expected*");
        asEntry.Should().Throw<PickleException>().WithMessage("*Ledger where a Pickling.Tests.Models.Entry is expected*");
        asInt.Should().Throw<PickleException>().WithMessage("*System.String where a System.Int32 is expected*");
    }

    [Fact]
    public void LoadBinaryFormatter_EveryTruncation_ThrowsPickleException()
    {
        var bytes = LedgerPayload;
        for (var length = 0; length < bytes.Length; length++)
        {
            var load = () => Pickle.LoadBinaryFormatter<Ledger>(new MemoryStream(bytes, 0, length));

            load.Should().Throw<PickleException>($"a payload cut to {length} of {bytes.Length} bytes is not whole");
        }
    }

    [Fact]
    public void LoadBinaryFormatter_TruncatedPayload_KeepsTheReadersErrorInside()
    {
        var bytes = LedgerPayload;

        var load = () => Pickle.LoadBinaryFormatter<Ledger>(new MemoryStream(bytes, 0, bytes.Length / 2));

        load.Should().Throw<PickleException>().WithMessage("*damaged, cut short*").Which.InnerException.Should().NotBeNull();
    }

    [Fact]
    public void LoadBinaryFormatter_EveryByteFlipped_LoadsOrThrowsPickleException()
    {
        var bytes = LedgerPayload;
        for (var i = 0; i < bytes.Length; i++)
        {
            var damaged = bytes.ToArray();
            damaged[i] ^= 0xFF;
            try
            {
                Pickle.LoadBinaryFormatter<Ledger>(new MemoryStream(damaged), Models);
            }
            catch (Exception e) when (e is not PickleException)
            {
                throw new Xunit.Sdk.XunitException($"flipping byte {i} of {bytes.Length} gave {e.GetType().Name}: {e}");
            }
            catch (PickleException)
            {
                // Refused, as it should be (or loaded, for a flip inside a number or a string).
            }
        }
    }

    [Fact]
    public void LoadBinaryFormatter_Garbage_ThrowsPickleException()
    {
        var random = new Random(16);
        for (var i = 0; i < 500; i++)
        {
            var garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            if (i % 2 == 0 && garbage.Length > 0)
            {
                garbage[0] = 0;
            }

            var load = () => Pickle.LoadBinaryFormatter<object>(new MemoryStream(garbage), Models);

            load.Should().Throw<PickleException>();
        }
    }

    [Fact]
    public void LoadBinaryFormatter_APickleFile_SaysItIsNotBinaryFormatter()
    {
        var load = () => Pickle.LoadBinaryFormatter<int>(new MemoryStream(Pickle.DumpToBytes(1)));

        load.Should().Throw<PickleException>().WithMessage("*does not hold a BinaryFormatter payload*Pickle.Load*");
    }

    [Fact]
    public void LoadBinaryFormatter_DeeperThanMaxDepth_ThrowsPickleException()
    {
        var chain = new LedgerLink();
        for (var i = 0; i < 200; i++)
        {
            chain = new LedgerLink { Next = chain };
        }

        var payload = NrbfBytes.Serialize(chain);

        var load = () => Pickle.LoadBinaryFormatter<LedgerLink>(new MemoryStream(payload), PickleOptions.Default with { MaxDepth = 100 });

        load.Should().Throw<PickleException>().WithMessage("*more than 100 deep*MaxDepth*");
        Pickle.LoadBinaryFormatter<LedgerLink>(new MemoryStream(payload)).Next!.Next.Should().NotBeNull();
    }

    [Fact]
    public void LoadBinaryFormatter_SmallPayloadOfAHugeArray_ThrowsPickleExceptionBeforeAllocating()
    {
        var payload = NrbfBytes.Serialize(new object[10_000_000]);
        payload.Length.Should().BeLessThan(100);

        var load = () => Pickle.LoadBinaryFormatter<object[]>(new MemoryStream(payload));

        load.Should().Throw<PickleException>().WithMessage("*MaxAllocation*");
        Pickle.LoadBinaryFormatter<object[]>(new MemoryStream(payload), PickleOptions.Default with { MaxAllocation = 1L << 30 }).Should().HaveCount(10_000_000);
    }

    [Fact]
    public void LoadBinaryFormatter_CyclicList_KeepsTheCycle()
    {
        var list = new List<object?>();
        list.Add(list);
        var payload = NrbfBytes.Serialize(list);

        var loaded = Pickle.LoadBinaryFormatter<List<object?>>(new MemoryStream(payload));

        loaded.Should().ContainSingle().Which.Should().BeSameAs(loaded);
    }

    [Fact]
    public void LoadBinaryFormatter_TypeSavedThroughISerializableThatPickleDoesNotRead_ThrowsPickleExceptionNamingIt()
    {
        var payload = NrbfBytes.Serialize(new LinkedList<int>([1, 2]));

        var load = () => Pickle.LoadBinaryFormatter<LinkedList<int>>(new MemoryStream(payload));

        load.Should().Throw<PickleException>().WithMessage("*System.Collections.Generic.LinkedList<System.Int32>*ISerializable*");
    }

    [Fact]
    public void LoadBinaryFormatter_DictionaryWithACultureComparer_ThrowsPickleExceptionRatherThanLosingIt()
    {
        var payload = NrbfBytes.Serialize(new Dictionary<string, int>(StringComparer.InvariantCultureIgnoreCase) { ["a"] = 1 });

        var load = () => Pickle.LoadBinaryFormatter<Dictionary<string, int>>(new MemoryStream(payload));

        load.Should().Throw<PickleException>();
    }

    [Fact]
    public void LoadBinaryFormatter_NullStream_ThrowsArgumentNullException()
    {
        var load = () => Pickle.LoadBinaryFormatter<int>(null!);

        load.Should().Throw<ArgumentNullException>();
    }

    private static byte[] Rename(byte[] payload, string assembly) =>
        NrbfBytes.Rename(payload, typeof(GadgetStandIn).Assembly.FullName!, assembly);

    private static Stream Open(byte[] bytes, string reader) => reader switch
    {
        "whole" => new MemoryStream(bytes),
        "one byte per read" => new ChoppyStream(bytes, 1),
        _ => new TrickleStream(new MemoryStream(bytes), maxRead: 3),
    };

    private static void CheckLedger(Ledger ledger)
    {
        var expected = BinaryFormatterPayloads.NewLedger();
        ledger.Should().BeEquivalentTo(expected, o => o.IgnoringCyclicReferences().ComparingByMembers<Entry>());
        ledger.Owner.Should().Be("ada");
        ledger.BaseCount.Should().Be(-1);
        ledger.Count.Should().Be(7);
        ledger.Utc.Kind.Should().Be(DateTimeKind.Utc);
        ledger.Local.Kind.Should().Be(DateTimeKind.Local);
        ledger.Unspecified.Kind.Should().Be(DateTimeKind.Unspecified);
        ledger.Utc.Ticks.Should().Be(expected.Utc.Ticks);
        ledger.Price.ToString(System.Globalization.CultureInfo.InvariantCulture).Should().Be("12.3400");
        ledger.Boxed.Should().BeOfType<decimal>().Which.Should().Be(2.5m);
        ledger.Offset.Offset.Should().Be(TimeSpan.FromMinutes(-330));
        ledger.Offset.Should().Be(expected.Offset);
        ledger.Huge.Should().Be(Huge.Largest);
        ledger.Nothing.Should().BeNull();
        ledger.Grid.Should().BeEquivalentTo(expected.Grid);
        ledger.Grid[1, 2].Should().Be(6);
        double.IsNaN(ledger.Weights[2]).Should().BeTrue();
        ledger.Same.Should().BeSameAs(ledger.Main);
        ledger.Main!.Ledger.Should().BeSameAs(ledger);
        ledger.Entries[0].Should().BeSameAs(ledger.Main);
        ledger.Slots[2].Should().BeSameAs(ledger.Main);
        ledger.Slots[1].Should().BeSameAs(ledger.Entries[1]);
        ledger.ByName["MAIN"].Should().BeSameAs(ledger.Main);
        ledger.ByName.Comparer.Should().BeSameAs(StringComparer.OrdinalIgnoreCase);
        ledger.Waiting.Should().Equal("first", "second");
        ledger.Undo.Should().Equal(2, 1);
        ledger.Names.Should().Equal("apple", "pear");
        ledger.Sorted.Keys.Should().Equal("a", "z");
        ledger.Table["key"].Should().Be(1.5);
        ledger.Table[3].Should().Be("three");
        ledger.Mixed.Cast<object?>().Should().Equal(1, "two", 3.0, null);
    }
}
