using MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>Every load error names the path to the value that does not fit, what the pickle holds there and what the type expects, in Pickle's words.</summary>
public class LoadErrorsTests
{
    private const string Models = "Pickling.Tests.Models.";

    public static TheoryData<EntryPoint> EntryPoints => [.. EntryPoint.All];

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_MemberChangedFromStringToInt_NamesPathAndBothTypesOnEveryEntryPoint(EntryPoint entry)
    {
        var frame = RawFrames.SavedAs(typeof(StockV2), Pickle.DumpToBytes(new StockV1 { Quantity = "seven" }));

        var act = () => entry.Load<StockV2>(frame, null);

        act.Should().Throw<PickleException>()
            .WithMessage(Models + "StockV2.Quantity: the pickle holds a string where the type expects a System.Int32. The type has changed*")
            .Which.InnerException.Should().NotBeNull();
    }

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Load_MemberChangedBesideLargeArray_NamesPathOnEveryEntryPoint(EntryPoint entry)
    {
        if (entry.IsSlow)
        {
            return;
        }

        var frame = RawFrames.SavedAs(typeof(StockV2), Pickle.DumpToBytes(new StockV1 { Quantity = "seven", History = new double[200_000] }));

        var act = () => entry.Load<StockV2>(frame, null);

        act.Should().Throw<PickleException>().WithMessage(Models + "StockV2.Quantity: the pickle holds a string where the type expects a System.Int32*");
    }

    [Fact]
    public void Load_NullableNullIntoInt_SaysItCannotBeNull()
    {
        var act = () => Pickle.LoadFromBytes<ReadingV2>(RawFrames.SavedAs(typeof(ReadingV2), Pickle.DumpToBytes(new ReadingV1 { Value = null })));

        act.Should().Throw<PickleException>()
            .WithMessage(Models + "ReadingV2.Value: the pickle holds nothing (null) where the type expects a System.Int32, which cannot be null. Make the member nullable*");
    }

    [Fact]
    public void Load_LongTooLargeForInt_SaysTheNumberAndThatTheTypeCannotHoldIt()
    {
        var act = () => Pickle.LoadFromBytes<CounterV2>(RawFrames.SavedAs(typeof(CounterV2), Pickle.DumpToBytes(new CounterV1 { Total = 3_000_000_000 })));

        act.Should().Throw<PickleException>()
            .WithMessage(Models + "CounterV2.Total: the pickle holds the whole number 3000000000 where the type expects a System.Int32, which cannot hold it*");
    }

    [Fact]
    public void Load_LeadingFieldReadWhereItLies_NamesPathToo()
    {
        byte[] outOfRange = [0xD3, 0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF];

        Error<Slot<DateTime>>(PayloadTools.Map(("Value", outOfRange))).Should().StartWith(Models + "Slot<System.DateTime>.Value: ");
    }

    [Fact]
    public void Load_ElementOfList_NamesIndex()
    {
        var payload = PayloadTools.Map(("Lines", Array(Line(1), Line("two"))));

        Error<Basket>(payload).Should().StartWith(Models + "Basket.Lines[1].Quantity: the pickle holds a string where the type expects a System.Int32.");
    }

    [Fact]
    public void Load_ValueOfDictionary_NamesKey()
    {
        var byCode = PayloadTools.Write((ref MessagePackWriter writer) =>
        {
            writer.WriteMapHeader(2);
            writer.Write("a");
            writer.WriteRaw(Line(1));
            writer.Write("b");
            writer.WriteRaw(Line("two"));
        });

        Error<Basket>(PayloadTools.Map(("ByCode", byCode))).Should().StartWith(Models + "Basket.ByCode[\"b\"].Quantity: the pickle holds a string");
    }

    [Fact]
    public void Load_KeyOfDictionary_NamesEntry()
    {
        var byCode = PayloadTools.Write((ref MessagePackWriter writer) =>
        {
            writer.WriteMapHeader(1);
            writer.Write(5);
            writer.WriteRaw(Line(1));
        });

        Error<Basket>(PayloadTools.Map(("ByCode", byCode))).Should()
            .StartWith(Models + "Basket.ByCode[key #0]: the pickle holds the whole number 5 where the type expects a System.String.");
    }

    [Fact]
    public void Load_ElementOfSetAndValueOfSortedDictionary_NameIndexAndKey()
    {
        var set = RawFrames.SavedAs(typeof(Slot<HashSet<int>>), Pickle.DumpToBytes(new Slot<HashSet<string>> { Value = ["a"] }));
        var sorted = RawFrames.SavedAs(typeof(Slot<SortedDictionary<int, int>>), Pickle.DumpToBytes(new Slot<SortedDictionary<int, string>> { Value = new() { [4] = "x" } }));

        LoadError(typeof(Slot<HashSet<int>>), set).Should()
            .StartWith($"{Models}Slot<System.Collections.Generic.HashSet<System.Int32>>.Value[0]: the pickle holds a string where the type expects a System.Int32.");
        LoadError(typeof(Slot<SortedDictionary<int, int>>), sorted).Should()
            .StartWith($"{Models}Slot<System.Collections.Generic.SortedDictionary<System.Int32, System.Int32>>.Value[4]: the pickle holds a string");
    }

    [Fact]
    public void Load_ElementOfArray_NamesIndex()
    {
        var payload = PayloadTools.Map(("Fixed", Array(Line(1), Line(2), PayloadTools.Map(("Quantity", "x")))));

        Error<Basket>(payload).Should().StartWith(Models + "Basket.Fixed[2].Quantity: the pickle holds a string");
    }

    [Fact]
    public void Load_MemberOfObjectMember_NamesPathThroughIt()
    {
        var extra = PayloadTools.Tagged(typeof(LineItem).FullName + ", Pickle.Tests", Line("two"));

        Error<Basket>(PayloadTools.Map(("Extra", extra)), PickleOptions.Default with { AllowedTypes = [typeof(LineItem)] })
            .Should().StartWith(Models + "Basket.Extra.Quantity: the pickle holds a string");
    }

    [Fact]
    public void Load_RootList_NamesRootTypeAndIndex()
    {
        Error<List<LineItem>>(Array(Line(1), Line(true))).Should()
            .StartWith($"System.Collections.Generic.List<{Models}LineItem>[1].Quantity: the pickle holds the value true where the type expects a System.Int32.");
    }

    [Fact]
    public void Load_RootOfWrongTypeInVersion1Frame_NamesRootAndWhatThePickleHolds()
    {
        var act = () => Pickle.LoadFromBytes<int>(PayloadTools.Frame(PayloadTools.Write((ref MessagePackWriter writer) => writer.Write("text"))));

        act.Should().Throw<PickleException>().WithMessage("System.Int32: the pickle holds a string where the type expects a System.Int32.*");
    }

    [Fact]
    public void Load_ListWhereClassExpected_SaysListAndItsFirstElement()
    {
        Error<Basket>(PayloadTools.Map(("Extra", 1), ("Lines", Array(Array(), Array()))))
            .Should().StartWith(Models + "Basket.Lines[0]: the pickle holds an empty list where the type expects a " + Models + "LineItem, which is saved as a map of its members.");
        Error<Basket>(PayloadTools.Map(("Lines", PayloadTools.Write((ref MessagePackWriter w) => w.Write("x")))))
            .Should().StartWith(Models + "Basket.Lines: the pickle holds a string where the type expects a System.Collections.Generic.List<" + Models + "LineItem>.");
    }

    [Fact]
    public void Load_DeepPath_ShowsStartAndEndOfIt()
    {
        var chain = new ChainStep { Value = 1 };
        for (var i = 0; i < 30; i++)
        {
            chain = new ChainStep { Next = chain };
        }

        var payload = new System.Buffers.ArrayBufferWriter<byte>();
        new MessagePackPickleSerializer().Serialize(payload, chain, PickleOptions.Default);
        var bytes = payload.WrittenSpan.ToArray();
        bytes[bytes.AsSpan().IndexOf("Value"u8) + 5] = 0xC3; // the innermost Value: true instead of 1
        var act = () => Pickle.LoadFromBytes<ChainStep>(RawFrames.BuildVersion2(bytes));

        act.Should().Throw<PickleException>()
            .WithMessage(Models + "ChainStep.Next.Next.Next.Next.Next.Next.Next.Next ... (19 more steps) ....Next.Next.Next.Value: the pickle holds the value true*");
    }

    [Fact]
    public void Load_ClassWithMemberOfItsOwnTypeFirstMadeByDump_LoadsByFieldWithPath()
    {
        var frame = Pickle.DumpToBytes(new SelfLinked { Next = new SelfLinked { Value = 2 } });

        Pickle.LoadFromBytes<SelfLinked>(frame).Next!.Value.Should().Be(2);
        var act = () => Pickle.LoadFromBytes<SelfLinked>(PayloadTools.Frame(PayloadTools.Map(("Next", PayloadTools.Map(("Value", "x"))))));
        act.Should().Throw<PickleException>().WithMessage(Models + "SelfLinked.Next.Value: the pickle holds a string*");
    }

    public static TheoryData<object, Type> Mismatches => new()
    {
        { new Slot<string> { Value = "x" }, typeof(Slot<int>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<long>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<double>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<bool>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<DateTime>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<Guid>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<decimal>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<Hue>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<int[]>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<List<int>>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<Dictionary<string, int>>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<LineItem>) },
        { new Slot<string> { Value = "x" }, typeof(Slot<(int, int)>) },
        { new Slot<int> { Value = 5 }, typeof(Slot<string>) },
        { new Slot<int> { Value = 5 }, typeof(Slot<List<string>>) },
        { new Slot<int> { Value = 5 }, typeof(Slot<LineItem>) },
        { new Slot<int?> { Value = null }, typeof(Slot<int>) },
        { new Slot<long> { Value = long.MaxValue }, typeof(Slot<int>) },
        { new Slot<long> { Value = -1 }, typeof(Slot<uint>) },
        { new Slot<int> { Value = 300 }, typeof(Slot<byte>) },
        { new Slot<double> { Value = 1.5 }, typeof(Slot<int>) },
        { new Slot<bool> { Value = true }, typeof(Slot<string>) },
        { new Slot<DateTime> { Value = DateTime.UnixEpoch }, typeof(Slot<string>) },
        { new Slot<List<int>> { Value = [1, 2] }, typeof(Slot<string>) },
        { new Slot<List<string>> { Value = ["a"] }, typeof(Slot<List<int>>) },
        { new Slot<int[]> { Value = [1, 2] }, typeof(Slot<string[]>) },
        { new Slot<string[]> { Value = ["a"] }, typeof(Slot<int[]>) },
        { new Slot<Dictionary<string, int>> { Value = new() { ["a"] = 1 } }, typeof(Slot<Dictionary<string, string>>) },
        { new Slot<Dictionary<string, int>> { Value = new() { ["a"] = 1 } }, typeof(Slot<List<int>>) },
        { new Slot<LineItem> { Value = new() }, typeof(Slot<int>) },
        { new Slot<LineItem> { Value = new() }, typeof(Slot<List<LineItem>>) },
        { new Slot<List<LineItem>> { Value = [new()] }, typeof(Slot<LineItem>) },
        { new Slot<HashSet<string>> { Value = ["a"] }, typeof(Slot<HashSet<int>>) },
        { new Slot<(int, string)> { Value = (1, "a") }, typeof(Slot<(string, int)>) },
        { new Slot<Guid> { Value = Guid.NewGuid() }, typeof(Slot<int>) },
        { new Slot<decimal> { Value = 1.5m }, typeof(Slot<double>) },
        { new Slot<double[,]> { Value = new double[1, 1] }, typeof(Slot<double[]>) },
        { new Slot<double[]> { Value = [1] }, typeof(Slot<double[,]>) },
        { new Slot<object> { Value = new LineItem() }, typeof(Slot<int>) },
        { new Slot<object> { Value = 5 }, typeof(Slot<string>) },
    };

    [Theory]
    [MemberData(nameof(Mismatches))]
    public void Load_MemberOfAnotherType_ThrowsPickleExceptionAtItsPathWithoutWireWords(object dumped, Type loaded)
    {
        var frame = RawFrames.SavedAs(loaded, Pickle.DumpToBytes(dumped, PickleOptions.Default with { AllowedTypes = [typeof(LineItem), dumped.GetType()] }));

        var message = LoadError(loaded, frame);

        message.Should().StartWith(Pickling.Internal.TypeNames.Of(loaded) + ".Value").And.Contain(": the pickle holds ");
        message.Should().NotContainEquivalentOf("msgpack").And.NotContainEquivalentOf("MessagePack");
    }

    [Theory]
    [InlineData(typeof(int))]
    [InlineData(typeof(LineItem))]
    [InlineData(typeof(List<LineItem>))]
    [InlineData(typeof(Dictionary<string, int>))]
    [InlineData(typeof(DateTime))]
    public void Load_RootOfAnotherTypeInEitherVersion_ThrowsPickleExceptionWithoutWireWords(Type loaded)
    {
        var saved = Pickle.DumpToBytes(new List<string> { "a" });

        LoadError(loaded, saved).Should().NotContainEquivalentOf("msgpack").And.NotContainEquivalentOf("MessagePack");
        LoadError(loaded, PayloadTools.Frame(RawFrames.PayloadOf(saved))).Should().NotContainEquivalentOf("msgpack").And.NotContainEquivalentOf("MessagePack");
    }

    private static string LoadError(Type type, byte[] frame)
    {
        var load = typeof(LoadErrorsTests).GetMethod(nameof(Load), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!.MakeGenericMethod(type);
        var act = () => load.Invoke(null, [frame]);
        return act.Should().Throw<System.Reflection.TargetInvocationException>().WithInnerException<PickleException>().Which.Message;
    }

    private static object? Load<T>(byte[] frame) => Pickle.LoadFromBytes<T>(frame);

    private static string Error<T>(byte[] payload, PickleOptions? options = null)
    {
        var act = () => Pickle.LoadFromBytes<T>(PayloadTools.Frame(payload), options);
        return act.Should().Throw<PickleException>().Which.Message;
    }

    private static byte[] Line(object quantity) => PayloadTools.Map(("Sku", "s"), ("Quantity", quantity));

    private static byte[] Array(params byte[][] items) => PayloadTools.Write((ref MessagePackWriter writer) =>
    {
        writer.WriteArrayHeader(items.Length);
        foreach (var item in items)
        {
            writer.WriteRaw(item);
        }
    });
}
