namespace Pickling.Internal;

/// <summary>The messages of a BinaryFormatter (NRBF) payload that cannot be read: the one owner, for the library and the tool.</summary>
internal static class NrbfErrors
{
    /// <summary>Bytes that do not start as a BinaryFormatter payload does.</summary>
    public static PickleException NotBinaryFormatter() =>
        new("The stream does not hold a BinaryFormatter payload: it does not start with the header BinaryFormatter writes. " +
            "Load a file written by Pickle with Pickle.Load, and a file written by BinaryFormatter.Serialize from its first byte.");

    /// <summary>A payload that the NRBF reader refused: damaged, cut short, or made to attack its reader.</summary>
    public static PickleException Malformed(Exception inner) =>
        new($"The BinaryFormatter payload is damaged, cut short or not valid: {inner.Message} " +
            "Restore the file from a good copy; a file that was never written by BinaryFormatter cannot be read this way.", inner);

    /// <summary>A record whose content does not match what its type needs.</summary>
    public static PickleException BadRecord(string typeName, Exception inner) =>
        new($"The BinaryFormatter payload holds a {typeName} whose content does not match that type ({inner.Message}). " +
            "The file is damaged, or was written from a different version of the type.", inner);

    /// <summary>A value of one kind where the declared type needs another.</summary>
    public static PickleException WrongType(string held, Type expected) =>
        new($"The BinaryFormatter payload holds a {held} where a {TypeNames.Of(expected)} is expected. " +
            "Load it as the type it was saved as, or as a type it can be assigned to (object loads anything allowed).");

    /// <summary>A type that is saved through ISerializable, whose members Pickle cannot map to its fields.</summary>
    public static PickleException NotByFields(Type type) =>
        new($"A {TypeNames.Of(type)} in the BinaryFormatter payload was saved through ISerializable.GetObjectData, not field by field, " +
            "and Pickle does not read that type from a BinaryFormatter payload. Load the file where BinaryFormatter still runs and save it with Pickle.Dump.");

    /// <summary>A type Pickle never fills field by field (a delegate, a type with pointer fields, an unserializable .NET type).</summary>
    public static PickleException NotEligible(Type type) =>
        new($"A {TypeNames.Of(type)} in the BinaryFormatter payload cannot be loaded by Pickle: it is not a type Pickle fills field by field. " +
            "Leave the member out of the type, or load the file where BinaryFormatter still runs and save the part you need with Pickle.Dump.");

    /// <summary>A comparer that Pickle does not recreate.</summary>
    public static PickleException UnknownComparer(string typeName) =>
        new($"The BinaryFormatter payload holds a collection whose comparer is a {typeName}, which Pickle does not recreate from a BinaryFormatter payload " +
            "(it recreates the default comparers and StringComparer.Ordinal and OrdinalIgnoreCase). Load the file where BinaryFormatter still runs and save it with Pickle.Dump.");

    /// <summary>Values nested deeper than <see cref="PickleOptions.MaxDepth"/>.</summary>
    public static PickleException TooDeep(int maxDepth) =>
        new($"The BinaryFormatter payload nests values more than {maxDepth} deep (PickleOptions.MaxDepth). " +
            "If you trust the file, raise MaxDepth; a file nested that deep was made to exhaust the stack.");

    /// <summary>A record kind the reader does not turn into a value.</summary>
    public static PickleException UnsupportedRecord(string kind) =>
        new($"The BinaryFormatter payload holds a {kind} record where a value is expected, which Pickle does not read. The file is damaged or was not written by BinaryFormatter.");

    /// <summary>A number whose member was declared object or Nullable, which the records do not tell apart: <c>pickle convert</c> cannot write it.</summary>
    public static PickleException NumberOfUnknownDeclaration(string typeName, string member, object value) =>
        new($"The member '{member}' of the {typeName} in the BinaryFormatter payload holds the {TypeNames.Of(value.GetType())} {value} " +
            $"in a member declared object or Nullable<{TypeNames.Of(value.GetType())}>. BinaryFormatter's records do not say which, and Pickle writes the two differently, " +
            "so pickle convert cannot rewrite it so that it loads as it was saved. Load the file with Pickle.LoadBinaryFormatter in the program that has the types, and save it with Pickle.Dump.");

    /// <summary>A record that <c>pickle convert</c> cannot rewrite faithfully without the program's types.</summary>
    public static PickleException NotConverted(string typeName) =>
        new($"The BinaryFormatter payload holds a {typeName}, which pickle convert cannot rewrite so that it loads as it was saved " +
            "without the program's types: it rewrites classes, structs and enums of the program, .NET's own types (except collections whose values declared object " +
            "carry their types), and List<T>, T[], HashSet<T> and Dictionary<K, V> (with the default or an ordinal string comparer) of the program's types. " +
            "Load the file with Pickle.LoadBinaryFormatter in the program that has the types, and save it with Pickle.Dump.");
}
