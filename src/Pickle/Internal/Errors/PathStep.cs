using System.Globalization;
using System.Text;

namespace Pickling.Internal;

/// <summary>One step of the path to a value being loaded: a member, an element's index, a dictionary key, or the key of an entry.</summary>
internal readonly struct PathStep
{
    private const int LongestKey = 40;

    private readonly string? _member;
    private readonly object? _key;
    private readonly int _index;
    private readonly bool _isKey;

    private PathStep(string? member, int index, object? key, bool isKey)
    {
        _member = member;
        _index = index;
        _key = key;
        _isKey = isKey;
    }

    /// <summary>A field or property, by the key it is saved under.</summary>
    public static PathStep Member(string name) => new(name, -1, null, false);

    /// <summary>An element of a list or array.</summary>
    public static PathStep Index(int index) => new(null, index, null, false);

    /// <summary>The value a dictionary holds under <paramref name="key"/>.</summary>
    public static PathStep Key(object? key) => new(null, -1, key, false);

    /// <summary>The key of the dictionary's entry number <paramref name="index"/> (counting from 0), itself.</summary>
    public static PathStep KeyOf(int index) => new(null, index, null, true);

    public void AppendTo(StringBuilder text)
    {
        if (_member is not null)
        {
            text.Append('.').Append(_member);
        }
        else if (_isKey)
        {
            text.Append("[key #").Append(_index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        else if (_index >= 0)
        {
            text.Append('[').Append(_index.ToString(CultureInfo.InvariantCulture)).Append(']');
        }
        else
        {
            text.Append('[').Append(KeyText(_key)).Append(']');
        }
    }

    private static string KeyText(object? key)
    {
        string text;
        try
        {
            text = key switch
            {
                null => "null",
                string s => "\"" + s + "\"",
                IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
                _ => key.ToString() ?? TypeNames.Of(key.GetType()),
            };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A key's own ToString failing must not hide the error being reported.
            text = "a " + TypeNames.Of(key!.GetType());
        }

        return text.Length <= LongestKey ? text : string.Concat(text.AsSpan(0, LongestKey), "...");
    }
}
