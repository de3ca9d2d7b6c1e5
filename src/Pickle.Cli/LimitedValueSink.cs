using System.Buffers;
using System.Globalization;

namespace Pickling.Cli;

/// <summary>
/// Passes values on to another sink, showing at most <c>maxItems</c> elements of each array, entries of each map and
/// characters of each string (<c>pickle show --max-items</c>). What is left out is counted and said where it was: an
/// array ends with the string <c>"... N more items"</c>, a map with the entry <c>"...": "N more entries"</c>, a string
/// with <c>"... (N more characters)"</c>. The converter reads past the elements and entries left out without decoding
/// them (<see cref="Shows(long)"/>), and counts them, so the counts are exact.
/// </summary>
internal sealed class LimitedValueSink(IValueSink inner, int maxItems) : IValueSink
{
    public const string Ellipsis = "...";

    private readonly Stack<Level> _levels = new();

    /// <summary>How deep the sink is inside a container that is left out (0: values are shown).</summary>
    private int _hidden;

    public bool StringKeys => inner.StringKeys;

    public int? MaxCharacters => maxItems;

    /// <summary>A string as --max-items shows it: its first characters, then how many were left out.</summary>
    public static string Cut(string value, int maxItems) =>
        value.Length <= maxItems ? value : WithCount(value[..maxItems], value.Length - maxItems);

    /// <summary>A string's first characters, <paramref name="start"/>, then how many were left out.</summary>
    public static string WithCount(string start, long left) =>
        string.Create(CultureInfo.InvariantCulture, $"{start}{Ellipsis} ({left:N0} more characters)");

    /// <summary>What an array ends with when <paramref name="left"/> elements were left out.</summary>
    public static string MoreItems(long left) => string.Create(CultureInfo.InvariantCulture, $"{Ellipsis} {left:N0} more item{(left == 1 ? string.Empty : "s")}");

    /// <summary>The value of the entry a map ends with when <paramref name="left"/> entries were left out.</summary>
    public static string MoreEntries(long left) => string.Create(CultureInfo.InvariantCulture, $"{left:N0} more entr{(left == 1 ? "y" : "ies")}");

    public void WriteNull()
    {
        if (Shows())
        {
            inner.WriteNull();
        }
    }

    public void WriteBoolean(bool value)
    {
        if (Shows())
        {
            inner.WriteBoolean(value);
        }
    }

    public void WriteInt64(long value)
    {
        if (Shows())
        {
            inner.WriteInt64(value);
        }
    }

    public void WriteUInt64(ulong value)
    {
        if (Shows())
        {
            inner.WriteUInt64(value);
        }
    }

    public void WriteSingle(float value)
    {
        if (Shows())
        {
            inner.WriteSingle(value);
        }
    }

    public void WriteDouble(double value)
    {
        if (Shows())
        {
            inner.WriteDouble(value);
        }
    }

    public void WriteString(string value)
    {
        if (Shows())
        {
            inner.WriteString(Cut(value, maxItems));
        }
    }

    public void WriteStringStart(string start, long charactersLeftOut)
    {
        if (Shows())
        {
            inner.WriteString(WithCount(start, charactersLeftOut));
        }
    }

    public void WriteBinary(ReadOnlySequence<byte> value)
    {
        if (Shows())
        {
            inner.WriteBinary(value);
        }
    }

    public void WriteDateTime(DateTime value)
    {
        if (Shows())
        {
            inner.WriteDateTime(value);
        }
    }

    public void WriteDecimal(decimal value)
    {
        if (Shows())
        {
            inner.WriteDecimal(value);
        }
    }

    public void WriteScalarText(string text)
    {
        if (Shows())
        {
            inner.WriteScalarText(text);
        }
    }

    public void WriteExtension(sbyte typeCode, ReadOnlySequence<byte> data)
    {
        if (Shows())
        {
            inner.WriteExtension(typeCode, data);
        }
    }

    public void StartArray(int count) => Start(count, isMap: false);

    public void EndArray() => End();

    public void StartMap(int count) => Start(count, isMap: true);

    public void EndMap() => End();

    public void WriteKey(string key)
    {
        if (_hidden > 0)
        {
            return;
        }

        var level = _levels.Peek();
        level.Seen++;
        level.KeyShown = level.Seen <= maxItems;
        if (level.KeyShown)
        {
            inner.WriteKey(key);
        }
    }

    public long Shows(long count)
    {
        if (_hidden > 0)
        {
            return 0;
        }

        var level = _levels.Peek();
        return Math.Clamp(maxItems - Entries(level), 0, count);
    }

    public void LeftOut(long count)
    {
        if (_hidden == 0)
        {
            var level = _levels.Peek();
            level.Seen += level.IsMap && !StringKeys ? 2 * count : count;
        }
    }

    private void Start(int count, bool isMap)
    {
        if (!Shows())
        {
            _hidden++;
            return;
        }

        _levels.Push(new Level(isMap));
        var shown = count <= maxItems ? count : maxItems + 1;
        if (isMap)
        {
            inner.StartMap(shown);
        }
        else
        {
            inner.StartArray(shown);
        }
    }

    private void End()
    {
        if (_hidden > 0)
        {
            _hidden--;
            return;
        }

        var level = _levels.Pop();
        var left = Entries(level) - maxItems;
        if (level.IsMap)
        {
            if (left > 0)
            {
                if (StringKeys)
                {
                    inner.WriteKey(Ellipsis);
                }
                else
                {
                    inner.WriteString(Ellipsis);
                }

                inner.WriteString(MoreEntries(left));
            }

            inner.EndMap();
        }
        else
        {
            if (left > 0)
            {
                inner.WriteString(MoreItems(left));
            }

            inner.EndArray();
        }
    }

    /// <summary>The elements or entries of the container met so far.</summary>
    private long Entries(Level level) => level.IsMap && !StringKeys ? level.Seen / 2 : level.Seen;

    /// <summary>Whether the value about to be written is shown, counting it in its container.</summary>
    private bool Shows()
    {
        if (_hidden > 0)
        {
            return false;
        }

        if (!_levels.TryPeek(out var level))
        {
            return true;
        }

        if (level.IsMap && StringKeys)
        {
            return level.KeyShown;
        }

        level.Seen++;
        return level.IsMap ? (level.Seen + 1) / 2 <= maxItems : level.Seen <= maxItems;
    }

    private sealed class Level(bool isMap)
    {
        public bool IsMap { get; } = isMap;

        /// <summary>Elements, entries (with string keys) or keys and values (without) met so far.</summary>
        public long Seen { get; set; }

        public bool KeyShown { get; set; }
    }
}
