namespace Pickling.Internal.Nrbf;

/// <summary>BinaryFormatter's member names, as the keys Pickle saves fields under (<see cref="MessagePack.FieldModel"/>), without the type.</summary>
internal static class NrbfMemberKeys
{
    /// <summary>
    /// The key Pickle saves a field under, from BinaryFormatter's member name: <c>&lt;Name&gt;k__BackingField</c> is
    /// <c>Name</c>, <c>Base+field</c> is <c>field</c>, or <c>Base.field</c> when a derived class's field took the name.
    /// </summary>
    public static string KeyOf(string member, HashSet<string> used)
    {
        var plus = member.LastIndexOf('+');
        var level = plus < 0 ? null : member[..plus];
        var name = plus < 0 ? member : member[(plus + 1)..];
        if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end)
        {
            name = name[1..end];
        }

        if (used.Add(name) || level is null)
        {
            return name;
        }

        var simple = level[(level.LastIndexOfAny(['.', '+']) + 1)..];
        var key = simple + "." + name;
        if (!used.Add(key))
        {
            key = level + "." + name;
            used.Add(key);
        }

        return key;
    }
}
