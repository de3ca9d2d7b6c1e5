using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump is inside of, outermost first, on the current thread: a counter and an array slot per
/// object on the way down. Only when the depth limit is hit does it look at them closely, to tell a cycle
/// (the same object twice) from a structure that is merely too deep, and to name the members on the path.
/// </summary>
internal static class DumpPath
{
    private const int StepsShown = 12;

    [ThreadStatic]
    private static object?[]? objects;

    [ThreadStatic]
    private static int depth;

    public static void Enter(object value, int maxDepth)
    {
        var path = objects;
        if (depth >= maxDepth)
        {
            throw TooDeep(path ?? [], depth, value, maxDepth);
        }

        if (path is null || depth == path.Length)
        {
            path = Grow(path, maxDepth);
        }

        // Each level adds a few small frames, so looking at the stack every 32 levels stays well inside the margin
        // the runtime keeps for this check.
        if ((depth & 31) == 31 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw OutOfStack("dump");
        }

        path[depth++] = value;
    }

    public static void Leave()
    {
        var path = objects!;
        path[--depth] = null;
    }

    public static PickleException OutOfStack(string what) =>
        new($"The {what} ran out of stack space at this nesting depth before reaching PickleOptions.MaxDepth. " +
            "Lower PickleOptions.MaxDepth, or run it on a thread with a larger stack.");

    private static object?[] Grow(object?[]? path, int maxDepth)
    {
        var grown = new object?[Math.Min(Math.Max(16, (path?.Length ?? 0) * 2), Math.Max(maxDepth, 1))];
        path?.CopyTo(grown, 0);
        objects = grown;
        return grown;
    }

    private static PickleException TooDeep(object?[] path, int count, object next, int maxDepth)
    {
        var chain = new object[count + 1];
        Array.Copy(path, chain, count);
        chain[count] = next;
        var seen = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < chain.Length; i++)
        {
            if (seen.TryGetValue(chain[i], out var start))
            {
                var cycle = Describe(chain, start, i);
                var reachedBy = start == 0 ? "the value itself" : Describe(chain, 0, start);
                return new PickleException(
                    $"The object graph has a cycle: {cycle} leads back to the same {TypeNames.Of(chain[start].GetType())} " +
                    $"(reached from the root by {reachedBy}). Pickle writes each object as a tree by default; set " +
                    "PickleOptions.PreserveReferences = true to keep shared and cyclic references, or break the cycle before dumping.");
            }

            seen[chain[i]] = i;
        }

        return new PickleException(
            $"The object graph is nested more than {maxDepth:N0} deep, the limit of PickleOptions.MaxDepth, along {Describe(chain, 0, chain.Length - 1)}. " +
            "Raise MaxDepth (up to 10,000) if it really is this deep, or store a long chain as a list instead of linked objects.");
    }

    /// <summary>Names the path from <c>chain[from]</c> to <c>chain[to]</c>, as in <c>Node.Children[0].Parent</c>.</summary>
    private static string Describe(object[] chain, int from, int to)
    {
        var text = new StringBuilder(TypeNames.Of(chain[from].GetType()));
        for (var i = from; i < to; i++)
        {
            if (i - from == StepsShown && to - i > 2)
            {
                text.Append(" ... (").Append((to - i).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" more steps)");
                break;
            }

            text.Append(Step(chain[i], chain[i + 1]));
        }

        return text.ToString();
    }

    private static string Step(object parent, object child)
    {
        if (parent is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (ReferenceEquals(entry.Value, child) || ReferenceEquals(entry.Key, child))
                {
                    return $"[{entry.Key}]";
                }
            }
        }
        else if (parent is IEnumerable items)
        {
            var index = 0;
            foreach (var item in items)
            {
                if (ReferenceEquals(item, child))
                {
                    return $"[{index}]";
                }

                index++;
            }
        }

        for (var type = parent.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                if (!field.FieldType.IsValueType && ReferenceEquals(field.GetValue(parent), child))
                {
                    return "." + MemberName(field.Name);
                }
            }
        }

        return $" -> {TypeNames.Of(child.GetType())}";
    }

    private static string MemberName(string fieldName) =>
        fieldName.StartsWith('<') && fieldName.IndexOf('>', StringComparison.Ordinal) is > 1 and var end ? fieldName[1..end] : fieldName;
}
