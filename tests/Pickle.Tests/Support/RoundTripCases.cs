using System.Collections;

namespace Pickling.Tests.Support;

/// <summary>
/// Named round-trip cases for a <c>[Theory]</c>: each keeps its value's declared type, so nullables and
/// interfaces are dumped and loaded as what they are. The theory gets the names (<see cref="Names"/>) and runs
/// a case with <see cref="Check"/>, or through every <see cref="EntryPoint"/> with <see cref="CheckEveryEntryPoint"/>.
/// </summary>
/// <param name="compareDumps">
/// Compare a loaded value with the original by the bytes each dumps to with the same options, rather than member by
/// member: as strict (dumps keep every bit), and fast enough for values of millions of elements.
/// </param>
public sealed class RoundTripCases(bool compareDumps = false) : IEnumerable<string>
{
    private readonly Dictionary<string, Action<PickleOptions?, IReadOnlyList<EntryPoint>>> _cases = new(StringComparer.Ordinal);

    public TheoryData<string> Names => new(_cases.Keys);

    /// <summary>Adds a case whose loaded value must be <see cref="Faithful"/>ly the same, in order.</summary>
    public void Add<T>(string name, T value) => Add(name, value, ordered: true, extra: null);

    /// <summary>Adds a case with extra checks on the loaded value (the first argument) against the original.</summary>
    public void Add<T>(string name, T value, Action<T, T> extra) => Add(name, value, ordered: true, extra);

    public void Add<T>(string name, T value, bool ordered, Action<T, T>? extra = null) =>
        _cases.Add(name, (options, entryPoints) =>
        {
            var outcomes = entryPoints.Select(entryPoint => Outcome(entryPoint, value, options)).ToList();
            var first = outcomes[0];
            foreach (var (entryPoint, loaded, error) in outcomes)
            {
                using var scope = new FluentAssertions.Execution.AssertionScope(entryPoint.Name);
                error.Should().Be(first.Error, "every entry point fails as {0} does", first.EntryPoint.Name);
                if (error is null && compareDumps)
                {
                    Pickle.DumpToBytes(loaded, options).AsSpan().SequenceEqual(Pickle.DumpToBytes(value, options)).Should().BeTrue("the loaded value dumps to the same bytes");
                }
                else if (error is null)
                {
                    Faithful.ShouldBeSame(loaded, value, ordered);
                    extra?.Invoke(loaded!, value);
                }
            }

            first.Error.Should().BeNull("the value round-trips");
        });

    /// <summary>Runs a case through bytes: <see cref="Pickle.DumpToBytes"/>, then <see cref="Pickle.LoadFromBytes"/>.</summary>
    public void Check(string name, PickleOptions? options = null) => _cases[name](options, [EntryPoint.All[0]]);

    /// <summary>Runs a case through every entry point: each must load the same value (or fail with the same message).</summary>
    public void CheckEveryEntryPoint(string name, PickleOptions? options, IReadOnlyList<EntryPoint> entryPoints) => _cases[name](options, entryPoints);

    private static (EntryPoint EntryPoint, T? Loaded, string? Error) Outcome<T>(EntryPoint entryPoint, T value, PickleOptions? options)
    {
        try
        {
            return (entryPoint, entryPoint.RoundTrip(value, options), null);
        }
        catch (PickleException e)
        {
            return (entryPoint, default, e.Message);
        }
    }

    public IEnumerator<string> GetEnumerator() => _cases.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
