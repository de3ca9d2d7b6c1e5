using System.Collections;
using System.Formats.Nrbf;
using System.Reflection;

namespace Pickling.Internal.Nrbf;

/// <summary>
/// The types BinaryFormatter saves through <c>ISerializable</c> (under member names of their own, not their fields)
/// that Pickle reads from a BinaryFormatter payload: <see cref="Dictionary{TKey, TValue}"/>, <see cref="HashSet{T}"/>,
/// <see cref="SortedSet{T}"/>, <see cref="SortedDictionary{TKey, TValue}"/>, <see cref="Hashtable"/> and
/// <see cref="DateTimeOffset"/>. Each is built through its public API from the members the record holds.
/// </summary>
internal static class NrbfSpecialTypes
{
    private static readonly MethodInfo DictionaryMethod = Method(nameof(ReadDictionary));
    private static readonly MethodInfo HashSetMethod = Method(nameof(ReadHashSet));
    private static readonly MethodInfo SortedSetMethod = Method(nameof(ReadSortedSet));
    private static readonly MethodInfo SortedDictionaryMethod = Method(nameof(ReadSortedDictionary));

    /// <summary>The value of <paramref name="record"/> as a <paramref name="type"/>, if it is one of these types; <see langword="null"/> otherwise.</summary>
    public static object? TryRead(NrbfObjectReader reader, ClassRecord record, Type type)
    {
        if (type == typeof(Hashtable))
        {
            return ReadHashtable(reader, record);
        }

        if (type == typeof(DateTimeOffset))
        {
            var offset = record.GetInt16("OffsetMinutes");
            return new DateTimeOffset(record.GetDateTime("DateTime").Ticks + (offset * TimeSpan.TicksPerMinute), TimeSpan.FromMinutes(offset));
        }

        if (!type.IsConstructedGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var method = definition == typeof(Dictionary<,>) ? DictionaryMethod
            : definition == typeof(HashSet<>) ? HashSetMethod
            : definition == typeof(SortedSet<>) ? SortedSetMethod
            : definition == typeof(SortedDictionary<,>) ? SortedDictionaryMethod
            : null;
        if (method is null)
        {
            return null;
        }

        try
        {
            return method.MakeGenericMethod(type.GetGenericArguments()).Invoke(null, [reader, record]);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    private static MethodInfo Method(string name) => typeof(NrbfSpecialTypes).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;

    private static Dictionary<TKey, TValue> ReadDictionary<TKey, TValue>(NrbfObjectReader reader, ClassRecord record)
        where TKey : notnull
    {
        var comparer = (IEqualityComparer<TKey>?)reader.Member(record, "Comparer", typeof(IEqualityComparer<TKey>));
        var dictionary = new Dictionary<TKey, TValue>(comparer);
        reader.Register(record, dictionary);
        if (reader.Member(record, "KeyValuePairs", typeof(KeyValuePair<TKey, TValue>[])) is KeyValuePair<TKey, TValue>[] pairs)
        {
            foreach (var pair in pairs)
            {
                dictionary.Add(pair.Key, pair.Value);
            }
        }

        return dictionary;
    }

    private static HashSet<T> ReadHashSet<T>(NrbfObjectReader reader, ClassRecord record)
    {
        var set = new HashSet<T>((IEqualityComparer<T>?)reader.Member(record, "Comparer", typeof(IEqualityComparer<T>)));
        reader.Register(record, set);
        if (reader.Member(record, "Elements", typeof(T[])) is T[] elements)
        {
            set.UnionWith(elements);
        }

        return set;
    }

    private static SortedSet<T> ReadSortedSet<T>(NrbfObjectReader reader, ClassRecord record)
    {
        var set = new SortedSet<T>((IComparer<T>?)reader.Member(record, "Comparer", typeof(IComparer<T>)));
        reader.Register(record, set);
        if (reader.Member(record, "Items", typeof(T[])) is T[] items)
        {
            set.UnionWith(items);
        }

        return set;
    }

    /// <summary>A sorted dictionary is saved as its tree of pairs (<c>_set</c>), whose comparer holds the keys' (<c>keyComparer</c>).</summary>
    private static SortedDictionary<TKey, TValue> ReadSortedDictionary<TKey, TValue>(NrbfObjectReader reader, ClassRecord record)
        where TKey : notnull
    {
        var tree = record.GetClassRecord("_set") ?? throw NrbfErrors.WrongType("null", typeof(SortedDictionary<TKey, TValue>));
        var pairComparer = tree.HasMember("Comparer") ? tree.GetClassRecord("Comparer") : null;
        var comparer = pairComparer is null ? null : (IComparer<TKey>?)reader.Member(pairComparer, "keyComparer", typeof(IComparer<TKey>));
        var dictionary = new SortedDictionary<TKey, TValue>(comparer);
        reader.Register(record, dictionary);
        if (reader.Member(tree, "Items", typeof(KeyValuePair<TKey, TValue>[])) is KeyValuePair<TKey, TValue>[] pairs)
        {
            foreach (var pair in pairs)
            {
                dictionary.Add(pair.Key, pair.Value);
            }
        }

        return dictionary;
    }

    private static Hashtable ReadHashtable(NrbfObjectReader reader, ClassRecord record)
    {
        foreach (var name in (string[])["Comparer", "HashCodeProvider"])
        {
            if (record.HasMember(name) && record.GetRawValue(name) is SerializationRecord comparer)
            {
                throw NrbfErrors.UnknownComparer(NrbfTypeNames.PickleName(comparer.TypeName));
            }
        }

        var table = new Hashtable();
        reader.Register(record, table);
        var keys = (object?[]?)reader.Member(record, "Keys", typeof(object[])) ?? [];
        var values = (object?[]?)reader.Member(record, "Values", typeof(object[])) ?? [];
        if (keys.Length != values.Length)
        {
            throw NrbfErrors.WrongType($"Hashtable of {keys.Length} keys and {values.Length} values", typeof(Hashtable));
        }

        for (var i = 0; i < keys.Length; i++)
        {
            table.Add(keys[i] ?? throw NrbfErrors.WrongType("null key", typeof(Hashtable)), values[i]);
        }

        return table;
    }
}
