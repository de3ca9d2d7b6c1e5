using System.Collections;
using System.Collections.Specialized;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Pickling.Tests.Support;

/// <summary>
/// Compares two object graphs field by field, private and inherited fields included, as BinaryFormatter's own tests
/// compare: the same types everywhere, numbers by their bits, arrays and lists in order. Hashed collections compare
/// as their entries (each expected key found in the actual collection, with an equal value), since their buckets
/// depend on the process's hash seed, and their comparers compare by what they do (each key is looked up again in
/// upper and lower case); collections that keep order compare their entries in order, lists their elements (not
/// their capacity). Native-sized integers (handles, addresses) and modification counters (<c>_version</c>, which
/// only guards enumerators) are not compared: they mean nothing in another process.
/// </summary>
public static class FieldByField
{
    /// <summary>Fails the test with every difference found between <paramref name="actual"/> and <paramref name="expected"/>.</summary>
    public static void ShouldMatch(object? actual, object? expected)
    {
        var differences = new List<string>();
        Compare(expected, actual, "value", differences, new HashSet<(object, object)>(PairComparer.Instance));
        differences.Should().BeEmpty("the loaded value must hold the same state, field by field, as the one dumped");
    }

    private static void Compare(object? expected, object? actual, string path, List<string> differences, HashSet<(object, object)> seen)
    {
        if (differences.Count > 20)
        {
            return;
        }

        if (expected is null || actual is null)
        {
            if (expected is not null || actual is not null)
            {
                differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            }

            return;
        }

        var type = expected.GetType();
        if (actual.GetType() != type)
        {
            differences.Add($"{path}: expected a {type}, got a {actual.GetType()}");
            return;
        }

        if (type.IsPrimitive || type.IsEnum || expected is string or decimal or DateTime or DateTimeOffset or TimeSpan or Guid)
        {
            if (!Bits(expected).Equals(Bits(actual)))
            {
                differences.Add($"{path}: expected {Show(expected)}, got {Show(actual)}");
            }

            return;
        }

        if (!type.IsValueType && !seen.Add((expected, actual)))
        {
            return;
        }

        switch (expected)
        {
            case Array array:
                CompareSequences(array, (Array)actual, path, differences, seen);
                return;
            case NameValueCollection names:
                var loaded = (NameValueCollection)actual;
                CompareSequences(names.AllKeys, loaded.AllKeys, path + ".AllKeys", differences, seen);
                foreach (var key in names.AllKeys)
                {
                    CompareSequences(names.GetValues(key), loaded.GetValues(key), $"{path}[{key}]", differences, seen);
                }

                return;
            case OrderedDictionary or ListDictionary or SortedList:
                CompareSequences(Entries((IDictionary)expected), Entries((IDictionary)actual), path, differences, seen);
                return;
            case System.Globalization.CompareInfo info:
                // A culture's compare rules are its name's; its other fields are caches and what .NET fills in only while
                // serializing (culture), which another test's dump of the same shared instance may have filled in already.
                Compare(info.Name, ((System.Globalization.CompareInfo)actual).Name, path + ".Name", differences, seen);
                return;
            case System.Text.StringBuilder builder:
                Compare(builder.ToString(), actual.ToString(), path + ".ToString()", differences, seen);
                return;
            case IList list when type.IsConstructedGenericType && type.GetGenericTypeDefinition() == typeof(List<>):
                CompareSequences(list, (IList)actual, path, differences, seen);
                return;
            case IDictionary dictionary when IsHashed(type):
                CompareHashed(dictionary, (IDictionary)actual, path, differences, seen);
                return;
        }

        for (var level = type; level is not null && level != typeof(object); level = level.BaseType)
        {
            foreach (var field in level.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (field.FieldType == typeof(IntPtr) || field.FieldType == typeof(UIntPtr) || field.FieldType.IsPointer || field.Name is "_version" or "version")
                {
                    continue;
                }

                Compare(field.GetValue(expected), field.GetValue(actual), $"{path}.{field.Name}", differences, seen);
            }
        }
    }

    /// <summary>A hashed dictionary: Hashtable and what is built on one, Dictionary, and the dictionaries that switch between a list and a table.</summary>
    private static bool IsHashed(Type type) =>
        typeof(Hashtable).IsAssignableFrom(type) || type == typeof(HybridDictionary)
        || (type.IsConstructedGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>));

    private static void CompareHashed(IDictionary expected, IDictionary actual, string path, List<string> differences, HashSet<(object, object)> seen)
    {
        if (expected.Count != actual.Count)
        {
            differences.Add($"{path}: expected {expected.Count} entries, got {actual.Count}");
            return;
        }

        foreach (DictionaryEntry entry in expected)
        {
            if (!actual.Contains(entry.Key))
            {
                differences.Add($"{path}: the key {Show(entry.Key)} is missing");
                continue;
            }

            Compare(entry.Value, actual[entry.Key], $"{path}[{Show(entry.Key)}]", differences, seen);
            if (entry.Key is string key)
            {
                foreach (var variant in (string[])[key.ToUpperInvariant(), key.ToLowerInvariant()])
                {
                    if (expected.Contains(variant) != actual.Contains(variant))
                    {
                        differences.Add($"{path}: the comparer differs: looking up {variant} gives {actual.Contains(variant)}, not {expected.Contains(variant)}");
                    }
                }
            }
        }
    }

    private static void CompareSequences(IEnumerable? expected, IEnumerable? actual, string path, List<string> differences, HashSet<(object, object)> seen)
    {
        if (expected is null || actual is null)
        {
            Compare(expected, actual, path, differences, seen);
            return;
        }

        var left = expected.Cast<object?>().ToList();
        var right = actual.Cast<object?>().ToList();
        if (left.Count != right.Count)
        {
            differences.Add($"{path}: expected {left.Count} elements, got {right.Count}");
            return;
        }

        for (var i = 0; i < left.Count; i++)
        {
            Compare(left[i], right[i], $"{path}[{i}]", differences, seen);
        }
    }

    private static List<object> Entries(IDictionary dictionary)
    {
        var entries = new List<object>();
        foreach (DictionaryEntry entry in dictionary)
        {
            entries.Add(entry.Key);
            entries.Add(entry.Value!);
        }

        return entries;
    }

    private static object Bits(object value) => value switch
    {
        double d => BitConverter.DoubleToInt64Bits(d),
        float f => BitConverter.SingleToInt32Bits(f),
        decimal m => string.Join(',', decimal.GetBits(m)),
        DateTime t => (t.Ticks, t.Kind),
        DateTimeOffset o => (o.Ticks, o.Offset),
        _ => value,
    };

    private static string Show(object? value) => value is null ? "null" : $"{value} ({value.GetType().Name})";

    private sealed class PairComparer : IEqualityComparer<(object, object)>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals((object, object) x, (object, object) y) => ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2);

        public int GetHashCode((object, object) obj) => HashCode.Combine(RuntimeHelpers.GetHashCode(obj.Item1), RuntimeHelpers.GetHashCode(obj.Item2));
    }
}
