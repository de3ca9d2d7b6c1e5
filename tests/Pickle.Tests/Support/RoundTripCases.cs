using System.Collections;

namespace Pickling.Tests.Support;

/// <summary>
/// Named round-trip cases for a <c>[Theory]</c>: each keeps its value's declared type, so nullables and
/// interfaces are dumped and loaded as what they are. The theory gets the names (<see cref="Names"/>) and runs
/// a case with <see cref="Check"/>.
/// </summary>
public sealed class RoundTripCases : IEnumerable<string>
{
    private readonly Dictionary<string, Action<PickleOptions?>> _cases = new(StringComparer.Ordinal);

    public TheoryData<string> Names => new(_cases.Keys);

    /// <summary>Adds a case whose loaded value must be <see cref="Faithful"/>ly the same, in order.</summary>
    public void Add<T>(string name, T value) => Add(name, value, ordered: true, extra: null);

    /// <summary>Adds a case with extra checks on the loaded value (the first argument) against the original.</summary>
    public void Add<T>(string name, T value, Action<T, T> extra) => Add(name, value, ordered: true, extra);

    public void Add<T>(string name, T value, bool ordered, Action<T, T>? extra = null) =>
        _cases.Add(name, options =>
        {
            var bytes = Pickle.DumpToBytes(value, options);
            var loaded = Pickle.LoadFromBytes<T>(bytes, options);
            Faithful.ShouldBeSame(loaded, value, ordered);
            extra?.Invoke(loaded, value);
        });

    public void Check(string name, PickleOptions? options = null) => _cases[name](options);

    public IEnumerator<string> GetEnumerator() => _cases.Keys.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
