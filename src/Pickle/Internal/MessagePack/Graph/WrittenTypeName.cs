namespace Pickling.Internal.MessagePack;

/// <summary>
/// A type name as <see cref="TypeTags"/> writes it, taken apart: a simple name (<c>Shop.Box`1</c>, <c>Shop.Outer+Inner</c>),
/// its generic arguments in double brackets, array ranks, and the simple name of the assembly that qualifies it
/// (<c>Shop.Box`1[[Shop.Widget, Shop]][], Shop</c>). An assembly's full name is cut to its simple name. Parsing looks
/// no type up.
/// </summary>
internal sealed class WrittenTypeName
{
    /// <summary>The deepest nesting of generic arguments parsed; no type Pickle writes nests anywhere near as deep.</summary>
    private const int MaxNesting = 32;

    private WrittenTypeName(string simpleName)
    {
        SimpleName = simpleName;
    }

    /// <summary>The name of the type, or of the generic type definition or array element it is made from.</summary>
    public string SimpleName { get; }

    /// <summary>The generic arguments, or <see langword="null"/> if the name has none.</summary>
    public List<WrittenTypeName>? Arguments { get; private set; }

    /// <summary>The ranks of the arrays made from the type, in the order written (0 for <c>[*]</c>); <see langword="null"/> if none.</summary>
    public List<int>? ArrayRanks { get; private set; }

    /// <summary>The simple name of the qualifying assembly, or <see langword="null"/> (the core library).</summary>
    public string? AssemblyName { get; private set; }

    /// <summary>The parts of <paramref name="name"/>, or <see langword="null"/> if it is not a type name Pickle could have written.</summary>
    public static WrittenTypeName? Parse(string name)
    {
        var position = 0;
        var parsed = Parse(name, ref position, inBrackets: false, nesting: 0);
        return parsed is not null && position == name.Length ? parsed : null;
    }

    private static WrittenTypeName? Parse(string text, ref int position, bool inBrackets, int nesting)
    {
        var start = position;
        while (position < text.Length && text[position] is not ('[' or ']' or ','))
        {
            position++;
        }

        var simple = text[start..position].Trim();
        if (simple.Length == 0)
        {
            return null;
        }

        var parsed = new WrittenTypeName(simple);
        if (At(text, position, '[') && At(text, position + 1, '['))
        {
            if (nesting == MaxNesting)
            {
                return null;
            }

            parsed.Arguments = [];
            position++;
            while (true)
            {
                if (!At(text, position, '['))
                {
                    return null;
                }

                position++;
                var argument = Parse(text, ref position, inBrackets: true, nesting + 1);
                if (argument is null || !At(text, position, ']'))
                {
                    return null;
                }

                parsed.Arguments.Add(argument);
                position++;
                if (At(text, position, ']'))
                {
                    position++;
                    break;
                }

                if (!At(text, position, ','))
                {
                    return null;
                }

                position++;
            }
        }

        while (At(text, position, '['))
        {
            var rank = 1;
            position++;
            if (At(text, position, '*') && At(text, position + 1, ']'))
            {
                // T[*]: one dimension with a lower bound, which is not a T[].
                rank = 0;
                position++;
            }

            while (At(text, position, ','))
            {
                rank++;
                position++;
            }

            if (!At(text, position, ']'))
            {
                return null;
            }

            position++;
            (parsed.ArrayRanks ??= []).Add(rank);
        }

        if (At(text, position, ','))
        {
            position++;
            var end = inBrackets ? text.IndexOf(']', position) : text.Length;
            if (end < 0)
            {
                return null;
            }

            var assembly = text[position..end];
            var comma = assembly.IndexOf(',', StringComparison.Ordinal);
            parsed.AssemblyName = (comma < 0 ? assembly : assembly[..comma]).Trim();
            position = end;
            if (parsed.AssemblyName.Length == 0)
            {
                return null;
            }
        }

        return parsed;
    }

    private static bool At(string text, int position, char expected) => position < text.Length && text[position] == expected;
}
