using System.Globalization;
using System.Security;
using System.Text;
using CsCheck;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// Dump and Load are symmetric (issue 14): what <c>Load&lt;T&gt;</c> with some options would refuse, <c>Dump&lt;T&gt;</c>
/// with the same options refuses, with the same message, so that no dump writes a file that cannot be loaded.
/// </summary>
public class DumpLoadSymmetryTests
{
    private static readonly Dictionary<string, PickleOptions> Options = new()
    {
        ["default"] = PickleOptions.Default,
        ["references"] = PickleOptions.Default with { PreserveReferences = true },
    };

    public static TheoryData<string, string> ZooCases() => TheoryPairs.Cross(SymmetryZoo.Values.Keys, Options.Keys);

    [Theory]
    [MemberData(nameof(ZooCases))]
    public void DumpThenLoad_ZooValue_LoadsTheSameValueOrIsRefusedAtDump(string name, string options)
    {
        var value = SymmetryZoo.Values[name]();

        CheckAs(value, value!.GetType(), Options[options]);
        Check<object>(value, Options[options]);
        Check<object?[]>([value], Options[options]);
    }

    [Fact]
    public void DumpThenLoad_GeneratedMixesOfZooValues_LoadTheSameValuesOrAreRefusedAtDump()
    {
        var names = SymmetryZoo.Values.Keys.ToArray();
        Gen.Select(Gen.Int[0, names.Length - 1].Array[0, 6], Gen.Bool).Sample((picks, references) =>
        {
            var options = Options[references ? "references" : "default"];
            var values = picks.Select(i => SymmetryZoo.Values[names[i]]()).ToList();
            Check(values, options);
            Check(new Box<object?[]> { Value = [.. values] }, options);
            Check(values.Select((v, i) => (i.ToString(CultureInfo.InvariantCulture), v)).ToDictionary(p => p.Item1, p => p.v), options);
        }, iter: 200);
    }

    [Fact]
    public void Dump_UnallowedTypeUnderObjectMember_ThrowsTheMessageTheLoadWouldThrow()
    {
        var box = new Box<object> { Value = new Money(1m, "EUR") };
        var written = Pickle.DumpToBytes(box, PickleOptions.Default with { AllowedTypes = [typeof(Money)] });
        var loadError = FluentActions.Invoking(() => Pickle.LoadFromBytes<Box<object>>(written)).Should().Throw<PickleException>().Which.Message;

        var dump = () => Pickle.DumpToBytes(box);

        // The load names the member path before the same message.
        loadError.Should().EndWith(dump.Should().Throw<PickleException>().Which.Message);
    }

    [Fact]
    public void Dump_SubclassAtTheRootOfItsBase_ThrowsTheMessageTheLoadWouldThrow()
    {
        Animal parrot = new Parrot { Name = "Polly" };
        var written = Pickle.DumpToBytes(parrot, PickleOptions.Default with { AllowedTypes = [typeof(Parrot)] });
        var loadError = FluentActions.Invoking(() => Pickle.LoadFromBytes<Animal>(written)).Should().Throw<PickleException>().Which.Message;

        var dump = () => Pickle.DumpToBytes(parrot);

        dump.Should().Throw<PickleException>().Which.Message.Should().Be(loadError);
    }

    [Fact]
    public void Dump_UserClassAtTheRootOfItsOwnType_LoadsAsItsOwnType()
    {
        var loaded = Pickle.LoadFromBytes<Money>(Pickle.DumpToBytes(new Money(1.5m, "EUR")));

        loaded.Amount.Should().Be(1.5m);
    }

    [Theory]
    [MemberData(nameof(IssueExamples))]
    public void Dump_IssueExample_LoadsTheSameValueOrIsRefusedAtDump(string name, object value, PickleOptions options, bool loads)
    {
        var dumped = CheckAs(value, value.GetType(), options);

        dumped.Should().Be(loads, name);
    }

    public static TheoryData<string, object, PickleOptions, bool> IssueExamples() => new()
    {
        { "SecurityException holding a Type", new SecurityException("x", typeof(string)), PickleOptions.Default with { AllowedTypes = [typeof(SecurityException)] }, false },
        { "CompareInfo, once self-referencing, now saved as its culture's name", CultureInfo.InvariantCulture.CompareInfo, PickleOptions.Default with { PreserveReferences = true }, true },
        { "EncoderFallbackException", new EncoderFallbackException(), PickleOptions.Default with { AllowedTypes = [typeof(EncoderFallbackException)] }, false },
        { "array from 1", Array.CreateInstance(typeof(int), [3], [1]), PickleOptions.Default, true },
        { "two lone surrogate keys", new Dictionary<string, int> { ["\uD800"] = 1, ["\uD801"] = 2 }, PickleOptions.Default, true },
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DumpToFile_ValueTheLoadWouldRefuse_LeavesTheFileAsItWas(bool useAsync)
    {
        using var temp = new TempDirectory();
        var path = temp.File("state.pickle");
        Pickle.DumpToFile(new Box<object> { Value = 1 }, path);
        var before = File.ReadAllBytes(path);
        var refused = new Box<object> { Value = new Money(1m, "EUR") };

        Func<Task> dump = useAsync ? () => Pickle.DumpToFileAsync(refused, path) : () => Task.Run(() => Pickle.DumpToFile(refused, path));

        await dump.Should().ThrowAsync<PickleException>().WithMessage("*Money*not allowed*");
        File.ReadAllBytes(path).Should().Equal(before);
        Pickle.LoadFromFile<Box<object>>(path).Value.Should().Be(1);
        Directory.GetFiles(temp.Path).Should().ContainSingle();
    }

    /// <summary><see cref="Check"/> as a <paramref name="declared"/>, called through an interface: a value passed by reflection may not be Missing.Value.</summary>
    private static bool CheckAs(object? value, Type declared, PickleOptions options) =>
        ((IChecker)Activator.CreateInstance(typeof(Checker<>).MakeGenericType(declared))!).Check(value, options);

    /// <summary>
    /// A dump that succeeds loads, as the same declared type with the same options, a value equal to what was dumped.
    /// Returns whether the dump succeeded (false: refused at dump).
    /// </summary>
    private static bool Check<T>(T value, PickleOptions options)
    {
        byte[] bytes;
        try
        {
            bytes = Pickle.DumpToBytes(value, options);
        }
        catch (PickleException)
        {
            return false;
        }

        var because = $"a {typeof(T)} holding {Describe(value)} was dumped, so it must load";
        var loaded = FluentActions.Invoking(() => Pickle.LoadFromBytes<T>(bytes, options)).Should().NotThrow(because).Subject;
        Compare(loaded, value, because);
        return true;
    }

    /// <summary>Equivalence, element by element through the containers the tests build, and by what counts where FluentAssertions cannot tell.</summary>
    private static void Compare(object? loaded, object? value, string because)
    {
        if (value is null)
        {
            loaded.Should().BeNull(because);
            return;
        }

        loaded!.GetType().Should().Be(value.GetType(), because);
        switch (value)
        {
            case IList<object?> items:
                var loadedItems = (IList<object?>)loaded;
                loadedItems.Should().HaveSameCount(items, because);
                for (var i = 0; i < items.Count; i++)
                {
                    Compare(loadedItems[i], items[i], because);
                }

                break;
            case Dictionary<string, object?> entries:
                var loadedEntries = (Dictionary<string, object?>)loaded;
                loadedEntries.Keys.Should().BeEquivalentTo(entries.Keys, because);
                foreach (var (key, entry) in entries)
                {
                    Compare(loadedEntries[key], entry, because);
                }

                break;
            case Box<object?[]> box:
                Compare(((Box<object?[]>)loaded).Value, box.Value, because);
                break;
            case Array array when !array.GetType().IsSZArray:
                var copy = (Array)loaded;
                Enumerable.Range(0, array.Rank).Select(d => (copy.GetLowerBound(d), copy.GetLength(d)))
                    .Should().Equal(Enumerable.Range(0, array.Rank).Select(d => (array.GetLowerBound(d), array.GetLength(d))), because);
                copy.Cast<object?>().Should().Equal(array.Cast<object?>(), because);
                break;
            case Memory<int> memory:
                ((Memory<int>)loaded).ToArray().Should().Equal(memory.ToArray(), because);
                break;
            case ReadOnlyMemory<char> memory:
                ((ReadOnlyMemory<char>)loaded).ToString().Should().Be(memory.ToString(), because);
                break;
            case StringBuilder builder:
                loaded.ToString().Should().Be(builder.ToString(), because);
                break;
            case Lazy<int> lazy:
                // A Lazy loads not yet created, with the value it had: the value is what counts.
                ((Lazy<int>)loaded).Value.Should().Be(lazy.Value, because);
                break;
            case var _ when value.GetType() == typeof(object):
                break;
            default:
                loaded.Should().BeEquivalentTo(value, o => o.ComparingRecordsByMembers().IncludingFields().AllowingInfiniteRecursion().WithoutStrictOrdering(), because);
                break;
        }
    }

    private static string Describe(object? value) => value switch
    {
        null => "null",
        System.Collections.IEnumerable items and not string => $"{value.GetType()} [{string.Join(", ", items.Cast<object?>().Select(Describe))}]",
        _ => value.GetType().ToString(),
    };

    private interface IChecker
    {
        bool Check(object? value, PickleOptions options);
    }

    private sealed class Checker<T> : IChecker
    {
        public bool Check(object? value, PickleOptions options) => DumpLoadSymmetryTests.Check((T)value!, options);
    }
}
