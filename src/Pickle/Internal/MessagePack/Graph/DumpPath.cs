using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The objects a dump is inside of, outermost first: a counter and a slot per object on the way down. Only when
/// the depth limit is hit does it look at them closely, to tell a cycle (the same object twice) from a structure
/// that is merely too deep, and to name the members on the path. Each dump with Pickle's options keeps its own
/// path in its <see cref="GraphState"/> (so a dump inside a converter starts its own).
/// </summary>
internal sealed class DumpPath
{
    private const int StepsShown = 12;

    private Slot[] _objects = [];
    private int _depth;

    /// <summary>The path of the dump these options belong to.</summary>
    public static DumpPath Of(MessagePackSerializerOptions options) =>
        GraphOptions.StateOf(options)?.DumpPath
        ?? throw new InvalidOperationException("Pickle's formatters run only inside a dump that Pickle started, with the options it made for it.");

    /// <summary>How many objects the dump is inside of.</summary>
    public int Depth => _depth;

    /// <summary>Steps into <paramref name="value"/>; throws if that goes deeper than <paramref name="maxDepth"/> or the stack allows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enter(object value, int maxDepth)
    {
        var depth = _depth;
        var path = _objects;

        // Each level adds a few small frames, so looking at the stack every 32 levels (and where each dump starts,
        // which may itself be deep inside a converter) stays well inside the margin the runtime keeps for this check.
        if ((uint)depth < (uint)path.Length && depth < maxDepth && (depth & 31) != 0)
        {
            path[depth].Value = value;
            _depth = depth + 1;
            return;
        }

        EnterSlowly(value, maxDepth);
    }

    /// <summary>Steps back out of the object entered last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Leave() => _objects[--_depth].Value = null;

    /// <summary>
    /// Replaces the object entered last with its next sibling (an element of the same collection), which is as
    /// deep: the same as <see cref="Leave"/> then <see cref="Enter"/>, without checking again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Replace(object value) => _objects[_depth - 1].Value = value;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void EnterSlowly(object value, int maxDepth)
    {
        var depth = _depth;
        if (depth >= maxDepth)
        {
            throw TooDeep(_objects, depth, value, maxDepth);
        }

        if ((depth & 31) == 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw OutOfStack("dump");
        }

        if (depth == _objects.Length)
        {
            var grown = new Slot[Math.Min(Math.Max(16, _objects.Length * 2), Math.Max(maxDepth, 1))];
            _objects.CopyTo(grown, 0);
            _objects = grown;
        }

        _objects[depth].Value = value;
        _depth = depth + 1;
    }

    public static PickleException OutOfStack(string what) =>
        new($"The {what} ran out of stack space at this nesting depth before reaching PickleOptions.MaxDepth. " +
            "Lower PickleOptions.MaxDepth, or run it on a thread with a larger stack.");

    private static PickleException TooDeep(Slot[] path, int count, object next, int maxDepth)
    {
        var chain = new object[count + 1];
        for (var i = 0; i < count; i++)
        {
            chain[i] = path[i].Value!;
        }

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

    /// <summary>An array element that is not an object reference, so that storing into it needs no type check.</summary>
    private struct Slot
    {
        public object? Value;
    }
}
