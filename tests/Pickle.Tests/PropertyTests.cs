using CsCheck;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>Property-based tests with CsCheck over generated values of the type zoo.</summary>
public class PropertyTests
{
    private const int Iterations = 150;

    private static readonly Gen<ZooKey> GenKey = Gen.Select(Gen.Int[-5, 5], Gen.String[0, 4], (n, s) => new ZooKey(n, s));

    private static readonly Gen<DateTime> GenDateTime =
        Gen.Select(Gen.DateTime, Gen.Enum<DateTimeKind>(), DateTime.SpecifyKind);

    private static readonly Gen<ChainLink?> GenChain = Gen.Int[0, 12].Select(n => n == 0 ? null : ChainLink.Chain(n));

    private static readonly Gen<object?> GenPrimitive = Gen.OneOf<object?>(
        Gen.Long.Select(v => (object?)v),
        Gen.String.Select(v => (object?)v),
        Gen.Double.Select(v => (object?)v),
        Gen.Bool.Select(v => (object?)v),
        Gen.Byte.Array[0, 8].Select(v => (object?)v),
        Gen.Const(default(object?))!);

    private static readonly Gen<ZooValue> GenZoo = Gen.Select(
        Gen.Select(Gen.Int, Gen.Long, Gen.Double, Gen.String.Null(0.1), Gen.Byte.Array[0, 16].Null(0.1), GenDateTime, Gen.Decimal, Gen.Guid),
        Gen.Select(
            Gen.Int.List[0, 8].Null(0.1),
            Gen.Select(Gen.String, Gen.Int).List[0, 6],
            Gen.Select(GenKey, Gen.String).List[0, 6],
            Gen.Select(Gen.Int[-3, 3], Gen.String[0, 3], Gen.Int).List[0, 6],
            GenKey.List[0, 6],
            GenPrimitive,
            GenPrimitive.Array[0, 6].Null(0.1),
            GenChain),
        (scalars, collections) =>
        {
            var (count, big, ratio, text, bytes, when, money, id) = scalars;
            var (ints, byName, byKey, byTuple, keys, anything, objects, link) = collections;
            return new ZooValue
            {
                Count = count,
                Big = big,
                Ratio = ratio,
                Text = text,
                Bytes = bytes,
                When = when,
                Money = money,
                Id = id,
                Ints = ints,
                ByName = byName.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
                ByKey = byKey.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2),
                ByTuple = byTuple.DistinctBy(p => (p.Item1, p.Item2)).ToDictionary(p => (p.Item1, p.Item2), p => p.Item3),
                Keys = [.. keys],
                Anything = anything,
                Objects = objects,
                Link = link,
            };
        });

    [Fact]
    public void DumpThenLoad_GeneratedZooValues_ComeBackExactly()
    {
        GenZoo.Sample(value =>
        {
            var loaded = Pickle.LoadFromBytes<ZooValue>(Pickle.DumpToBytes(value));

            loaded.Should().BeEquivalentTo(value, o => o.AllowingInfiniteRecursion().Excluding(z => z.Anything).Excluding(z => z.Objects));
            BitConverter.DoubleToInt64Bits(loaded.Ratio).Should().Be(BitConverter.DoubleToInt64Bits(value.Ratio));
            loaded.When.Kind.Should().Be(value.When.Kind);
            loaded.When.Ticks.Should().Be(value.When.Ticks);
            decimal.GetBits(loaded.Money).Should().Equal(decimal.GetBits(value.Money));
            SamePrimitive(loaded.Anything, value.Anything);
            loaded.Objects?.Length.Should().Be(value.Objects!.Length);
            for (var i = 0; i < (value.Objects?.Length ?? 0); i++)
            {
                SamePrimitive(loaded.Objects![i], value.Objects![i]);
            }
        }, iter: Iterations, threads: 1);
    }

    [Fact]
    public void Dump_GeneratedChainsWithBackLink_ThrowPickleExceptionNamingCycle()
    {
        Gen.Int[1, 40].SelectMany(n => Gen.Int[0, n - 1].Select(target => (n, target))).Sample(((int Length, int Target) c) =>
        {
            var head = ChainLink.Chain(c.Length);
            var links = new List<ChainLink>();
            for (var link = head; link is not null; link = link.Next)
            {
                links.Add(link);
            }

            links[^1].Next = links[c.Target];

            var act = () => Pickle.DumpToBytes(head, PickleOptions.Default with { PreserveReferences = false });

            act.Should().Throw<PickleException>().WithMessage("*cycle*PreserveReferences*");
        }, iter: 60, threads: 1);
    }

    [Fact]
    public void Load_GeneratedBytesInValidFrame_LoadOrThrowPickleException()
    {
        Type[] targets = [typeof(object), typeof(ZooValue), typeof(List<int>), typeof(string), typeof(ChainLink), typeof(Dictionary<ZooKey, string>)];
        Gen.Select(Gen.Byte.Array[0, 64], Gen.Int[0, targets.Length - 1]).Sample((bytes, target) =>
        {
            FuzzTarget.Check(FrameBuilder.Frame(bytes), targets[target]).Should().BeNull();
        }, iter: 3000, threads: 1);
    }

    private static void SamePrimitive(object? loaded, object? original)
    {
        switch (original)
        {
            case null:
                loaded.Should().BeNull();
                break;
            case long number:
                Convert.ToInt64(loaded, System.Globalization.CultureInfo.InvariantCulture).Should().Be(number);
                break;
            case double real:
                BitConverter.DoubleToInt64Bits(loaded.Should().BeOfType<double>().Subject).Should().Be(BitConverter.DoubleToInt64Bits(real));
                break;
            default:
                loaded.Should().BeEquivalentTo(original);
                break;
        }
    }
}
