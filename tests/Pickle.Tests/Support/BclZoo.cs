using System.Collections;
using System.Collections.ObjectModel;
using System.Collections.Specialized;
using System.ComponentModel;
using System.Data.SqlTypes;
using System.Drawing;
using System.Net;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>
/// One or more values of each .NET data type Pickle allows by default (Security/ReviewedTypes.cs), by name, each
/// built with state that differs from a new one's: comparers, order, capacity, flags.
/// </summary>
public static class BclZoo
{
    /// <summary>The values that round-trip whole today, field by field.</summary>
    public static readonly IReadOnlyDictionary<string, Func<object>> Values = new Dictionary<string, Func<object>>
    {
        ["ArrayList"] = () => new ArrayList { 1, "two", 3.0, null, new ArrayList { 'x' } },
        ["Queue"] = () => Queued(),
        ["Stack"] = () => Stacked(),
        ["BitArray"] = () => new BitArray([true, false, true, true, false, false, false, true, true]),
        ["Hashtable"] = () => new Hashtable { ["one"] = 1, [2] = "two", [3.5] = null, ["list"] = new ArrayList { 1, 2 } },
        ["Hashtable, ignoring case"] = () => new Hashtable(StringComparer.OrdinalIgnoreCase) { ["One"] = 1, ["two"] = 2 },
        ["Hashtable, culture comparer"] = () => new Hashtable(StringComparer.InvariantCultureIgnoreCase) { ["Straße"] = 1 },
        ["SortedList"] = () => new SortedList { ["b"] = 2, ["a"] = 1, ["c"] = null },
        ["SortedList, ordinal comparer"] = () => new SortedList(StringComparer.Ordinal) { ["b"] = 2, ["B"] = 1 },
        ["OrderedDictionary"] = () => new OrderedDictionary { { "z", 1 }, { "a", 2 }, { 3, "three" } },
        ["OrderedDictionary, ignoring case"] = () => new OrderedDictionary(StringComparer.OrdinalIgnoreCase) { ["Z"] = 1, ["a"] = 2 },
        ["ListDictionary"] = () => new ListDictionary { { "z", 1 }, { "a", 2 }, { 3, null } },
        ["ListDictionary, ignoring case"] = () => new ListDictionary(StringComparer.OrdinalIgnoreCase) { { "Z", 1 }, { "a", 2 } },
        ["HybridDictionary, small"] = () => new HybridDictionary { ["z"] = 1, ["a"] = 2 },
        ["HybridDictionary, large, ignoring case"] = () => Hybrid(20, caseInsensitive: true),
        ["StringDictionary"] = () => new StringDictionary { ["Key"] = "value", ["other"] = null },
        ["NameValueCollection"] = () => Names(),
        ["StringCollection"] = () => new StringCollection { "a", null, "c" },
        ["BitVector32"] = () => new BitVector32(0x5a5a),
        ["Collection<int>"] = () => new Collection<int> { 1, 2, 3 },
        ["ReadOnlyCollection<string>"] = () => new ReadOnlyCollection<string>(["a", "b"]),
        ["ObservableCollection<string>"] = () => new ObservableCollection<string> { "a", "b" },
        ["BindingList<int>"] = () => new BindingList<int> { 4, 5 },
        ["ReadOnlyDictionary<string, int>"] = () => new ReadOnlyDictionary<string, int>(new Dictionary<string, int> { ["a"] = 1 }),
        ["SqlInt32"] = () => new SqlInt32(-42),
        ["SqlInt32.Null"] = () => SqlInt32.Null,
        ["SqlInt64"] = () => new SqlInt64(long.MinValue),
        ["SqlInt16"] = () => new SqlInt16(7),
        ["SqlByte"] = () => new SqlByte(200),
        ["SqlBoolean"] = () => SqlBoolean.True,
        ["SqlDouble"] = () => new SqlDouble(-0.5),
        ["SqlSingle"] = () => new SqlSingle(1.5f),
        ["SqlDecimal"] = () => new SqlDecimal(12345.6789m),
        ["SqlMoney"] = () => new SqlMoney(19.99m),
        ["SqlDateTime"] = () => new SqlDateTime(2024, 2, 29, 13, 14, 15, 160),
        ["SqlGuid"] = () => new SqlGuid(Guid.Parse("00112233-4455-6677-8899-aabbccddeeff")),
        ["SqlBinary"] = () => new SqlBinary([1, 2, 3]),
        ["SqlString"] = () => new SqlString("text", 1033, SqlCompareOptions.IgnoreCase),
        ["Point"] = () => new Point(3, -4),
        ["PointF"] = () => new PointF(0.5f, -1.5f),
        ["Size"] = () => new Size(10, 20),
        ["SizeF"] = () => new SizeF(1.25f, 2.5f),
        ["Rectangle"] = () => new Rectangle(1, 2, 3, 4),
        ["RectangleF"] = () => new RectangleF(1, 2, 3.5f, 4.5f),
        ["Color, known"] = () => Color.CornflowerBlue,
        ["Color, from ARGB"] = () => Color.FromArgb(10, 20, 30, 40),
        ["StringBuilder"] = () => new StringBuilder("built", 100).Append(" text"),
        ["Cookie"] = () => new Cookie("name", "value", "/path", "example.com") { HttpOnly = true, Secure = true, Expires = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
        ["CookieCollection"] = () => new CookieCollection { new Cookie("a", "1", "/", "example.com"), new Cookie("b", "2", "/", "example.com") },
        ["DBNull"] = () => DBNull.Value,
        ["EventArgs"] = () => EventArgs.Empty,
        ["Version"] = () => new Version(1, 2, 3, 4),
        ["Uri"] = () => new Uri("https://example.com/a?b=c#d"),
        ["StringComparer.Ordinal"] = () => StringComparer.Ordinal,
        ["StringComparer.OrdinalIgnoreCase"] = () => StringComparer.OrdinalIgnoreCase,
        ["EqualityComparer<int>.Default"] = () => EqualityComparer<int>.Default,
        ["Comparer<string>.Default"] = () => Comparer<string>.Default,
        ["ReferenceEqualityComparer"] = () => ReferenceEqualityComparer.Instance,
        ["CaseInsensitiveComparer"] = () => CaseInsensitiveComparer.DefaultInvariant,
    };

    /// <summary>
    /// .NET types that are ISerializable, or hold one: allowed by default, but saved faithfully only through the
    /// ISerializable route (GetObjectData and the deserialization constructor), or, for exceptions, field by field.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<object>> SerializableValues = new Dictionary<string, Func<object>>
    {
        ["Exception"] = () => Thrown(new InvalidOperationException("failed", new ArgumentException("bad", "name"))),
        ["ArgumentOutOfRangeException"] = () => Thrown(new ArgumentOutOfRangeException("count", 5, "too many")),
        ["FileNotFoundException"] = () => Thrown(new FileNotFoundException("missing", "a.txt")),
        ["TimeZoneInfo"] = () => TimeZoneInfo.CreateCustomTimeZone("Test", TimeSpan.FromHours(2), "Test", "Test"),
        ["CultureAwareComparer"] = () => StringComparer.InvariantCultureIgnoreCase,
        ["CompareInfo"] = () => System.Globalization.CultureInfo.InvariantCulture.CompareInfo,
    };

    /// <summary>
    /// Allowed .NET types whose values Pickle refuses at dump with a message that says why: a weak reference (the object
    /// it refers to is not its to keep) and a cookie container (its cookies sit in an internal type of System.Net).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Func<object>> RefusedAtDump = new Dictionary<string, Func<object>>
    {
        ["WeakReference"] = () => new WeakReference("kept"),
        ["CookieContainer"] = () => Container(),
    };

    private static Queue Queued()
    {
        var queue = new Queue(10, 3.0f);
        queue.Enqueue(1);
        queue.Enqueue("two");
        queue.Dequeue();
        queue.Enqueue(null);
        return queue;
    }

    private static Stack Stacked()
    {
        var stack = new Stack();
        stack.Push(1);
        stack.Push("two");
        return stack;
    }

    private static HybridDictionary Hybrid(int count, bool caseInsensitive)
    {
        var hybrid = new HybridDictionary(caseInsensitive);
        for (var i = 0; i < count; i++)
        {
            hybrid.Add("Key" + i, i);
        }

        return hybrid;
    }

    private static NameValueCollection Names()
    {
        var names = new NameValueCollection { { "a", "1" }, { "A", "2" }, { "b", null }, { null, "no key" } };
        return names;
    }

    private static CookieContainer Container()
    {
        var container = new CookieContainer();
        container.Add(new Cookie("a", "1", "/", "example.com"));
        return container;
    }

    private static Exception Thrown(Exception exception)
    {
        try
        {
            throw exception;
        }
        catch (Exception caught)
        {
            return caught;
        }
    }
}
