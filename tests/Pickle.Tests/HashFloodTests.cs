using System.Numerics;
using Pickling.Tests.Models;

namespace Pickling.Tests;

/// <summary>
/// Keys whose own hash codes collide by construction (issue 15, item 4): a loaded dictionary or set must hash them
/// with a seeded hash of their value, so that they spread over the buckets instead of filling one. Each test first
/// checks that the keys do collide under their own hash codes, then that the loaded collection's comparer spreads
/// them, and that equal keys still hash equal.
/// </summary>
public class HashFloodTests
{
    private const int Count = 2000;

    [Fact]
    public void Load_DictionaryOfDecimalsWhoseOwnHashesCollide_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, Count).Select(i => new decimal(i, i, 0, false, 0)).ToList();

        ShouldSpread(LoadedDictionaryComparer(keys), keys);
    }

    [Fact]
    public void Load_SetOfTimeSpansWhoseOwnHashesCollide_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, Count).Select(i => new TimeSpan(((long)i << 32) | (uint)i)).ToList();

        ShouldSpread(LoadedSetComparer(keys), keys);
    }

    [Fact]
    public void Load_SetOfVersionsWhoseOwnHashesCollide_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, Count).Select(i => new Version(16 * i, 0)).ToList();

        ShouldSpread(LoadedSetComparer(keys), keys);
    }

    [Fact]
    public void Load_DictionaryOfRecordStructsWhoseGeneratedHashesCollide_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, Count).Select(i => new PairKey(i, unchecked(i * 1521134295))).ToList();

        ShouldSpread(LoadedDictionaryComparer(keys), keys);
    }

    [Fact]
    public void Load_DictionaryOfObjectsHoldingCollidingDecimals_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, Count).Select(i => (object)new decimal(i, i, 0, false, 0)).ToList();

        ShouldSpread(LoadedDictionaryComparer(keys), keys);
    }

    [Theory]
    [InlineData("TimeOnly")]
    [InlineData("long enum")]
    [InlineData("struct with default equality")]
    [InlineData("KeyValuePair")]
    [InlineData("decimal?")]
    public void Load_SetOfOtherValuesWhoseOwnHashesCollide_SpreadsTheirHashes(string kind)
    {
        switch (kind)
        {
            case "TimeOnly":
                // Less than a day of ticks: 200 high halves, each with ten low halves that fold to ten hash codes in all.
                SetShouldSpread(i => new TimeOnly(((long)(i % 200) << 32) | (uint)((i % 200) ^ (i / 200))));
                break;
            case "long enum":
                SetShouldSpread(i => (WideCode)(((long)i << 32) | (uint)i));
                break;
            case "struct with default equality":
                // .NET hashes a struct with a double field by its first field alone.
                SetShouldSpread(i => new PlainKey { High = 1, Low = i }, count: 400);
                break;
            case "KeyValuePair":
                // .NET hashes a struct with a field of a type that overrides Equals by its first field alone.
                SetShouldSpread(i => new KeyValuePair<decimal, int>(new decimal(i, i, 0, false, 0), i), count: 400);
                break;
            default:
                SetShouldSpread(i => (decimal?)new decimal(i, i, 0, false, 0));
                break;
        }
    }

    [Fact]
    public void Load_KeysEqualInValue_HashEqualUnderTheLoadedComparer()
    {
        HashesEqual<decimal>(1m, 1.0m, 1.00m, new decimal(100, 0, 0, false, 2));
        HashesEqual<decimal>(0m, 0.000m, new decimal(0, 0, 0, true, 5));
        HashesEqual<object>(1.0m, 1.00m);
        HashesEqual<decimal?>(2.5m, 2.50m);
        HashesEqual(new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Local), new DateTime(2024, 1, 1));
        HashesEqual(new Complex(0.0, double.NaN), new Complex(-0.0, BitConverter.Int64BitsToDouble(-1)));
        HashesEqual(new PlainKey { High = 1, Weight = 0.0 }, new PlainKey { High = 1, Weight = -0.0 });
        HashesEqual(new NamedKey("a", 1), new NamedKey("a", 1));
        HashesEqual(new Version(1, 2, 3), new Version("1.2.3"));
        HashesEqual(BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture), BigInteger.Parse("123456789012345678901234567890", System.Globalization.CultureInfo.InvariantCulture));
        HashesEqual((Half)0.0, (Half)(-0.0f));
        HashesEqual(new CaseInsensitiveKey("Zoo"), new CaseInsensitiveKey("zOO"));
        HashesEqual(new LinkKey(1, new LinkKey(2, null)), new LinkKey(1, new LinkKey(2, null)));
        HashesEqual<ShapeKey>(new SquareKey { Sides = 4 }, new SquareKey { Sides = 4 });
    }

    [Fact]
    public void Load_SetOfObjectsOfManyKinds_FindsEveryKey()
    {
        object[] keys = [1, 2L, "a", 2.5m, (1, "x"), new PairKey(1, 2), new NamedKey("n", 3), TimeSpan.FromDays(1), new Version(1, 2), Color.Blue];
        var options = PickleOptions.Default with { AllowedTypes = [typeof(PairKey), typeof(NamedKey)] };

        var loaded = Pickle.LoadFromBytes<HashSet<object>>(Pickle.DumpToBytes(keys.ToHashSet(), options), options);

        loaded.SetEquals(keys).Should().BeTrue();
        loaded.Should().Contain(2.50m).And.Contain(new NamedKey("n", 3));
    }

    [Fact]
    public void Load_KeysEqualInValue_AreOneKeyInTheLoadedDictionary()
    {
        var loaded = Pickle.LoadFromBytes<Dictionary<decimal, int>>(Pickle.DumpToBytes(new Dictionary<decimal, int> { [1.5m] = 1 }));

        loaded.Should().ContainKey(1.50m).And.ContainKey(1.500000m);
        loaded.TryAdd(1.5000m, 2).Should().BeFalse();
    }

    [Fact]
    public void Load_RecordClassKeysWithManyEqualParts_SpreadsTheirHashes()
    {
        var keys = Enumerable.Range(1, Count).Select(i => new NamedKey("same", ((long)i << 32) | (uint)i)).ToList();

        var comparer = LoadedDictionaryComparer(keys);

        keys.Select(key => comparer.GetHashCode(key)).Distinct().Should().HaveCountGreaterThan(Count * 99 / 100);
        Pickle.LoadFromBytes<Dictionary<NamedKey, int>>(Pickle.DumpToBytes(keys.ToDictionary(k => k, k => 1))).Should().ContainKeys(keys);
    }

    /// <summary>Fewer keys for types whose Equals is slow (.NET's default for structs reads fields by reflection).</summary>
    private static void SetShouldSpread<T>(Func<int, T> key, int count = Count)
    {
        var keys = Enumerable.Range(1, count).Select(key).ToList();
        ShouldSpread(LoadedSetComparer(keys), keys);
    }

    private static IEqualityComparer<T> LoadedDictionaryComparer<T>(IReadOnlyList<T> keys)
        where T : notnull
    {
        var loaded = Pickle.LoadFromBytes<Dictionary<T, int>>(Pickle.DumpToBytes(keys.ToDictionary(k => k, k => 1)));
        loaded.Should().HaveCount(keys.Count);
        keys.Should().OnlyContain(key => loaded.ContainsKey(key));
        return loaded.Comparer;
    }

    private static IEqualityComparer<T> LoadedSetComparer<T>(IReadOnlyList<T> keys)
    {
        var loaded = Pickle.LoadFromBytes<HashSet<T>>(Pickle.DumpToBytes(keys.ToHashSet()));
        loaded.SetEquals(keys).Should().BeTrue();
        return loaded.Comparer;
    }

    /// <summary>
    /// The keys collide under their own hash codes (so the test means something), and the comparer gives them
    /// nearly all different hash codes, spread evenly over a prime number of buckets.
    /// </summary>
    private static void ShouldSpread<T>(IEqualityComparer<T> comparer, IReadOnlyList<T> keys)
    {
        keys.Select(key => key!.GetHashCode()).Distinct().Should().HaveCountLessThan(keys.Count / 10, $"the test's {typeof(T).Name} keys must collide under their own hash codes");

        var hashes = keys.Select(key => comparer.GetHashCode(key!)).ToList();

        hashes.Distinct().Should().HaveCountGreaterThan(keys.Count * 99 / 100, $"{typeof(T).Name} keys must not share hash codes under the loaded comparer");
        hashes.GroupBy(hash => (uint)hash % 1021).Max(bucket => bucket.Count()).Should().BeLessThan(40, "the keys must spread over the buckets");
    }

    /// <summary>Values that are equal (as the type's Equals sees them) have equal hash codes under the comparer a load gives the type.</summary>
    private static void HashesEqual<T>(params T[] values)
    {
        var options = PickleOptions.Default with { AllowedAssemblies = [typeof(HashFloodTests).Assembly] };
        var comparer = Pickle.LoadFromBytes<HashSet<T>>(Pickle.DumpToBytes(new HashSet<T> { values[0] }, options), options).Comparer;
        foreach (var value in values)
        {
            comparer.Equals(value, values[0]).Should().BeTrue($"{value} equals {values[0]}");
            comparer.GetHashCode(value!).Should().Be(comparer.GetHashCode(values[0]!), $"{value} equals {values[0]}, so their hash codes must be equal");
        }
    }
}
