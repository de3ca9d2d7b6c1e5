using System.Collections;
using System.Collections.Specialized;
using System.Globalization;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// .NET's data types (issue 16): each type Security/ReviewedTypes.cs allows round-trips with default options, through
/// every entry point, field by field, in order where it keeps one; declared or where only <see cref="object"/>, an
/// interface or an abstract class is declared. Hashed collections are written as their entries, keep their comparer
/// and load with collision-resistant hashing; each failure path is a PickleException.
/// </summary>
public class BclTypesTests
{
    public static TheoryData<string> Zoo => [.. BclZoo.Values.Keys];

    /// <summary>Switch on once the ISerializable route is merged: these values are allowed, but saved faithfully only through it.</summary>
    public static TheoryData<string> SerializableZoo => [.. BclZoo.SerializableValues.Keys];

    [Theory]
    [MemberData(nameof(Zoo))]
    public void RoundTrip_BclValueAsObjectThroughEveryEntryPoint_KeepsEveryField(string name)
    {
        foreach (var entryPoint in EntryPoint.All)
        {
            var value = BclZoo.Values[name]();

            var loaded = entryPoint.RoundTrip<object>(value, options: null);

            FieldByField.ShouldMatch(loaded, value);
        }
    }

    [Theory]
    [MemberData(nameof(Zoo))]
    public void RoundTrip_BclValueInObjectAndInterfaceMembers_KeepsEveryField(string name)
    {
        var value = BclZoo.Values[name]();
        var holder = new BclHolder { Value = value, Collection = value as IEnumerable, Comparer = value as StringComparer };

        var loaded = Pickle.LoadFromBytes<BclHolder>(Pickle.DumpToBytes(holder));

        FieldByField.ShouldMatch(loaded, holder);
    }

    public static TheoryData<string> RefusedAtDump => [.. BclZoo.RefusedAtDump.Keys];

    [Theory]
    [MemberData(nameof(RefusedAtDump))]
    public void Dump_AllowedBclValueThatCannotBeSavedWhole_ThrowsPickleExceptionSayingWhy(string name)
    {
        var value = BclZoo.RefusedAtDump[name]();

        var dump = () => Pickle.DumpToBytes<object>(value);

        dump.Should().Throw<PickleException>().Which.Message.Should().MatchRegex("(not its to keep|not allowed to be loaded)");
    }

    [Theory]
    [MemberData(nameof(SerializableZoo))]
    public void RoundTrip_ISerializableBclValueAsObject_KeepsEveryField(string name)
    {
        var value = BclZoo.SerializableValues[name]();

        var loaded = Pickle.LoadFromBytes<object>(Pickle.DumpToBytes(value));

        // An exception's runtime-only fields (the faulting method, native pointers) are never saved: ExceptionComparison knows them.
        if (value is Exception exception)
        {
            ExceptionComparison.ShouldMatch((Exception)loaded, exception);
        }
        else
        {
            FieldByField.ShouldMatch(loaded, value);
        }
    }

    [Theory]
    [MemberData(nameof(SerializableZoo))]
    public void Load_ISerializableBclTypeNamedInAFile_IsAllowedByDefault(string name)
    {
        var type = BclZoo.SerializableValues[name]().GetType();

        var act = () => TypePolicy.For(PickleOptions.Default).Check(type, typeof(object));

        act.Should().NotThrow($"a {type} is one of .NET's reviewed data types");
    }

    [Fact]
    public void RoundTrip_OrderedDictionary_KeepsItsOrderAndItsComparer()
    {
        var value = new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { { "zebra", 1 }, { "Apple", 2 }, { "mango", 3 } };

        var loaded = Pickle.LoadFromBytes<OrderedDictionary>(Pickle.DumpToBytes(value));

        loaded.Keys.Cast<string>().Should().Equal("zebra", "Apple", "mango");
        loaded["APPLE"].Should().Be(2);
    }

    [Fact]
    public void RoundTrip_SortedListWithOrdinalComparer_SortsAsOrdinal()
    {
        var value = new SortedList(StringComparer.Ordinal) { ["b"] = 1, ["B"] = 2, ["a"] = 3 };

        var loaded = Pickle.LoadFromBytes<SortedList>(Pickle.DumpToBytes(value));

        loaded.Keys.Cast<string>().Should().Equal("B", "a", "b");
    }

    [Fact]
    public void RoundTrip_NameValueCollectionWithSeveralValuesPerKey_KeepsKeysInOrderAndValues()
    {
        var value = new NameValueCollection { { "b", "1" }, { "B", "2" }, { "a", null }, { null, "x" } };

        var loaded = Pickle.LoadFromBytes<NameValueCollection>(Pickle.DumpToBytes(value));

        loaded.AllKeys.Should().Equal("b", "a", null);
        loaded.GetValues("b").Should().Equal("1", "2");
        loaded.GetValues("a").Should().BeNull();
        loaded[null].Should().Be("x");
    }

    [Fact]
    public void RoundTrip_HashtableWithKeysInAndOutOfTheGraph_KeepsSharedReferences()
    {
        var shared = new ArrayList { 1 };
        var value = new Hashtable { ["a"] = shared, ["b"] = shared };
        value["self"] = value;

        var loaded = Pickle.LoadFromBytes<Hashtable>(Pickle.DumpToBytes(value, PickleOptions.Default with { PreserveReferences = true }));

        loaded["a"].Should().BeSameAs(loaded["b"]);
        loaded["self"].Should().BeSameAs(loaded);
    }

    [Fact]
    public void Dump_Hashtable_WritesEntriesNotBuckets()
    {
        var value = new Hashtable { ["key"] = "value" };

        var contents = ContentsOf(Pickle.DumpToBytes(value));

        MessagePack.MessagePackSerializer.ConvertToJson(contents).Should().Be("{\"key\":\"value\"}");
    }

    [Fact]
    public void Load_HashtableOfDecimalsWhoseOwnHashesCollide_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, 2000).Select(i => (object)new decimal(i, i, 0, false, 0)).ToList();
        var value = new Hashtable();
        keys.ForEach(key => value.Add(key, null));
        keys.Select(key => key.GetHashCode()).Distinct().Should().HaveCountLessThan(keys.Count / 10, "the keys must collide under their own hash codes");

        var comparer = LoadedComparer(Pickle.LoadFromBytes<Hashtable>(Pickle.DumpToBytes(value)), "_keycomparer");

        ShouldSpread(comparer, keys);
    }

    [Fact]
    public void Load_OrderedDictionaryOfDecimalsWhoseOwnHashesCollide_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, 2000).Select(i => (object)new decimal(i, i, 0, false, 0)).ToList();
        var value = new OrderedDictionary();
        keys.ForEach(key => value.Add(key, null));

        var loaded = Pickle.LoadFromBytes<OrderedDictionary>(Pickle.DumpToBytes(value));

        ShouldSpread(LoadedComparer(loaded, "_comparer"), keys);
        loaded.Keys.Cast<object>().Should().Equal(keys);
    }

    [Fact]
    public void Load_HashtableFrameWithNullKey_ThrowsPickleException()
    {
        var frame = PayloadTools.Frame(PayloadTools.Tagged("System.Collections.Hashtable", [0x81, 0xc0, 0x01]));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*Hashtable with a null key*");
    }

    [Fact]
    public void Load_HashtableFrameWithRepeatedKey_ThrowsPickleException()
    {
        var frame = PayloadTools.Frame(PayloadTools.Tagged("System.Collections.Hashtable", [0x82, 0x01, 0x01, 0x01, 0x02]));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>();
    }

    [Fact]
    public void Load_HybridDictionaryFrameWithManyKeysThatAreNotStrings_ThrowsPickleException()
    {
        byte[] map = [0x89, .. Enumerable.Range(0, 9).SelectMany(i => new[] { (byte)i, (byte)0xc0 })];
        var frame = PayloadTools.Frame(PayloadTools.Tagged("System.Collections.Specialized.HybridDictionary, System.Collections.Specialized", map));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*HybridDictionary of more than 8 entries whose keys are not all strings*");
    }

    [Fact]
    public void Dump_HybridDictionaryWithManyKeysThatAreNotStrings_ThrowsPickleException()
    {
        var value = new HybridDictionary();
        Enumerable.Range(0, 9).ToList().ForEach(i => value.Add(i, null));

        var act = () => Pickle.DumpToBytes(value);

        act.Should().Throw<PickleException>().WithMessage("*HybridDictionary of more than 8 entries whose keys are not all strings*");
    }

    [Fact]
    public void Load_HybridDictionaryFrameWithAComparerThatIsNotIgnoringCase_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes<object>(new Hashtable(StringComparer.Ordinal) { ["a"] = 1 });
        var named = PayloadTools.Frame(PayloadTools.Tagged("System.Collections.Specialized.HybridDictionary, System.Collections.Specialized", ContentsOf(frame)));

        var act = () => Pickle.LoadFromBytes<object>(named);

        act.Should().Throw<PickleException>().WithMessage("*HybridDictionary whose comparer*");
    }

    [Fact]
    public void Load_ListDictionaryFrameOfTooManyEntries_ThrowsPickleException()
    {
        var count = ListDictionaryFormatter.MaxCount + 1;
        var map = PayloadTools.Write((ref MessagePack.MessagePackWriter writer) =>
        {
            writer.WriteMapHeader(count);
            for (var i = 0; i < count; i++)
            {
                writer.Write(i);
                writer.WriteNil();
            }
        });
        var frame = PayloadTools.Frame(PayloadTools.Tagged("System.Collections.Specialized.ListDictionary, System.Collections.Specialized", map));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*ListDictionary of more than 10000 entries*quadratic*");
    }

    [Fact]
    public void Dump_ListDictionaryOfTooManyEntries_ThrowsPickleException()
    {
        var value = new ListDictionary();
        for (var i = 0; i <= ListDictionaryFormatter.MaxCount; i++)
        {
            value.Add(i, null);
        }

        var act = () => Pickle.DumpToBytes(value);

        act.Should().Throw<PickleException>().WithMessage("*ListDictionary of more than 10000 entries*");
    }

    [Theory]
    [InlineData("System.Collections.Hashtable")]
    [InlineData("System.Collections.Generic.Dictionary`2[[System.Decimal],[System.Int32]]")]
    public void Load_DictionaryFrameWhoseComparerIsDotNetsUnseededDefaultAsAnObject_ThrowsPickleException(string dictionary)
    {
        var comparer = PayloadTools.Tagged(EqualityComparer<decimal>.Default.GetType().AssemblyQualifiedName, [0x80]);
        var contents = PayloadTools.Write((ref MessagePack.MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(4);
            writer.WriteExtensionFormatHeader(new MessagePack.ExtensionHeader(PickleExtensions.Comparer, 1));
            writer.WriteNil();
            writer.WriteRaw(comparer);
            writer.Write(1);
            writer.Write(2);
        });
        var frame = PayloadTools.Frame(PayloadTools.Tagged(dictionary, contents));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*comparer is written as a System.Collections.Generic.GenericEqualityComparer<System.Decimal> object, which Pickle never writes*");
    }

    [Fact]
    public void Dump_ReadOnlyOrderedDictionary_ThrowsPickleException()
    {
        var value = new OrderedDictionary { { "a", 1 } }.AsReadOnly();

        var act = () => Pickle.DumpToBytes(value);

        act.Should().Throw<PickleException>().WithMessage("*read-only OrderedDictionary*AsReadOnly*");
    }

    [Fact]
    public void Load_SortedListFrameWhoseComparerIsNotAComparer_ThrowsPickleException()
    {
        var frame = Pickle.DumpToBytes<object>(new Hashtable(ReferenceEqualityComparer.Instance) { ["a"] = 1 });
        var named = PayloadTools.Frame(PayloadTools.Tagged($"{typeof(SortedList).FullName}, {typeof(SortedList).Assembly.GetName().Name}", ContentsOf(frame)));

        var act = () => Pickle.LoadFromBytes<object>(named);

        act.Should().Throw<PickleException>().WithMessage("*SortedList whose comparer*is not an System.Collections.IComparer*");
    }

    [Fact]
    public void Dump_SortedListWithACultureComparerOfAnotherCulture_ThrowsPickleException()
    {
        var value = new SortedList(new Comparer(CultureInfo.GetCultureInfo("fr-FR"))) { ["a"] = 1 };

        var act = () => Pickle.DumpToBytes(value);

        act.Should().Throw<PickleException>().WithMessage("*SortedList's comparer*cannot be saved*");
    }

    [Fact]
    public void RoundTrip_CompareInfo_IsTheCulturesOwn()
    {
        var value = CultureInfo.GetCultureInfo("").CompareInfo;

        Pickle.LoadFromBytes<CompareInfo>(Pickle.DumpToBytes(value)).Should().BeSameAs(value);
    }

    [Fact]
    public void FieldByField_HashtablesWithDifferentComparersOrPrivateState_Differ()
    {
        var ignoringCase = new Hashtable(StringComparer.OrdinalIgnoreCase) { ["a"] = 1 };
        var exact = new Hashtable { ["a"] = 1 };
        var queue = new Queue();
        queue.Enqueue(1);
        var emptied = new Queue();
        emptied.Enqueue(1);
        emptied.Enqueue(2);
        emptied.Dequeue();

        var comparers = () => FieldByField.ShouldMatch(exact, ignoringCase);
        var order = () => FieldByField.ShouldMatch(new OrderedDictionary { { "b", 1 }, { "a", 2 } }, new OrderedDictionary { { "a", 2 }, { "b", 1 } });
        var privateState = () => FieldByField.ShouldMatch(emptied, queue);

        comparers.Should().Throw<Exception>().WithMessage("*comparer differs*");
        order.Should().Throw<Exception>();
        privateState.Should().Throw<Exception>().WithMessage("*_array*");
    }

    [Fact]
    public void Load_CompareInfoFrameThatIsNotAName_ThrowsPickleException()
    {
        var frame = PayloadTools.Frame(PayloadTools.Tagged("System.Globalization.CompareInfo", [0x01]));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*CompareInfo must be its culture's name*");
    }

    [Fact]
    public void Load_CompareInfoFrameOfAnUnknownCulture_ThrowsPickleException()
    {
        var frame = PayloadTools.Frame(PayloadTools.Tagged("System.Globalization.CompareInfo", [0xa6, .. "xx-#!?"u8]));

        var act = () => Pickle.LoadFromBytes<object>(frame);

        act.Should().Throw<PickleException>().WithMessage("*culture 'xx-#!?'*");
    }

    /// <summary>The contents of the value a frame holds, without its root type: a Pickle-written dictionary, to be named as another type.</summary>
    private static byte[] ContentsOf(byte[] frame) => RawFrames.PayloadOf(frame);

    private static IEqualityComparer LoadedComparer(object collection, string field) =>
        (IEqualityComparer)collection.GetType().GetField(field, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!.GetValue(collection)!;

    private static void ShouldSpread(IEqualityComparer comparer, IReadOnlyList<object> keys)
    {
        var hashes = keys.Select(comparer.GetHashCode).ToList();

        hashes.Distinct().Should().HaveCountGreaterThan(keys.Count * 99 / 100, "keys must not share hash codes under the loaded comparer");
        hashes.GroupBy(hash => (uint)hash % 1021).Max(bucket => bucket.Count()).Should().BeLessThan(40, "the keys must spread over the buckets");
    }
}
