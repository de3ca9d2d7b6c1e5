namespace Pickling.Internal;

/// <summary>
/// The errors of types saved through <see cref="System.Runtime.Serialization.ISerializable"/>, of serialization
/// callbacks and <see cref="System.Runtime.Serialization.IObjectReference"/>, and of types Pickle cannot save
/// faithfully, in one place: each names the type and says what to do.
/// </summary>
internal static class SerializableErrors
{
    /// <summary>What a user can do with a member of a type Pickle does not save.</summary>
    private const string LeaveOut =
        "Leave the member out with [PickleIgnore] or [NonSerialized], or save it through a PickleConverter or PickleSurrogate (PickleOptions.Converters).";

    /// <summary>What a file whose serialization entries do not fit its type is.</summary>
    private const string NotFromThisType =
        "The file was not written from this version of the type, or it is damaged: load it with the type it was dumped as.";

    /// <summary>A type Pickle has no faithful way to save, refused at dump and at load rather than saved in part.</summary>
    public static PickleException Unsavable(Type type, string why) =>
        new($"Pickle cannot save a {TypeNames.Of(type)}: {why} Pickle saves a type whole or not at all. {LeaveOut}");

    /// <summary>Why a type that is not marked [Serializable] and belongs to .NET is not saved field by field.</summary>
    public static string NotSerializableFramework(Type type) =>
        $"it belongs to .NET and is not marked [Serializable], so its fields are not meant to be saved{PointerField(type)}.";

    /// <summary>Why a type holding a runtime pointer is not saved.</summary>
    public static string PointerField(Type type) =>
        FieldsOfPointers(type) is { } field ? $" (its field '{field}' holds a native pointer, which no file may restore)" : string.Empty;

    /// <summary>An <see cref="System.Runtime.Serialization.ISerializable"/> type without the constructor its entries load through.</summary>
    public static string NoSerializationConstructor(Type type) =>
        $"it implements ISerializable but has no constructor {type.Name}(SerializationInfo, StreamingContext), which its saved entries would load through. " +
        "Add that constructor (protected is enough).";

    /// <summary>GetObjectData or a serialization callback that threw at dump.</summary>
    public static PickleException DumpCallbackFailed(Type type, string what, Exception e) =>
        new($"Could not dump the {TypeNames.Of(type)}: its {what} threw {e.GetType().Name}: {e.Message}", e);

    /// <summary>The deserialization constructor, a callback or GetRealObject that threw at load.</summary>
    public static PickleException LoadCallbackFailed(Type type, string what, Exception e) =>
        new($"The {TypeNames.Of(type)} could not be loaded: its {what} threw {e.GetType().Name}: {e.Message}. {NotFromThisType}", e);

    /// <summary>An <see cref="System.Runtime.Serialization.ISerializable"/> value saved as something other than its entries.</summary>
    public static PickleException NotEntries(Type type, string held) =>
        new($"The pickle holds {held} where a {TypeNames.Of(type)} is expected, which is saved as the map of its serialization entries. {NotFromThisType}");

    /// <summary>An entry whose name is not a string.</summary>
    public static PickleException NotEntryName(Type type, string held) =>
        new($"The pickle holds {held} as the name of an entry of a {TypeNames.Of(type)}, where a string is expected. {NotFromThisType}");

    /// <summary>Two entries of the same name.</summary>
    public static PickleException EntryTwice(Type type, string name) =>
        new($"The pickle holds the entry '{name}' of a {TypeNames.Of(type)} twice. {NotFromThisType}");

    /// <summary>The type a value serializes as (<c>SerializationInfo.SetType</c>) that no loaded assembly has, at dump.</summary>
    public static PickleException SerializesAsUnknown(Type type, string fullTypeName, string assemblyName) =>
        new($"Could not dump the {TypeNames.Of(type)}: its GetObjectData says it serializes as '{fullTypeName}' of assembly '{assemblyName}', which no loaded assembly has. {LeaveOut}");

    /// <summary>The type a value serializes as, which cannot load through entries or does not give back the declared type.</summary>
    public static PickleException SerializesAsWrongType(Type declared, Type named, string why) =>
        new($"The pickle holds a {TypeNames.Of(named)} in place of a {TypeNames.Of(declared)}, which cannot be loaded: {why}. {NotFromThisType}");

    /// <summary>A chain of <see cref="System.Runtime.Serialization.IObjectReference"/> objects that does not end.</summary>
    public static PickleException EndlessObjectReference(Type type, int steps) =>
        new($"The {TypeNames.Of(type)} loaded from the pickle is an IObjectReference whose GetRealObject gives another IObjectReference, {steps} times over. " +
            "Make GetRealObject return the real object (or itself).");

    /// <summary>An object whose GetRealObject gave an object of another type than the declared one.</summary>
    public static PickleException RealObjectOfWrongType(Type holder, Type? real, Type expected) =>
        new($"The {TypeNames.Of(holder)} loaded from the pickle gave {(real is null ? "null" : $"a {TypeNames.Of(real)}")} from GetRealObject where a {TypeNames.Of(expected)} is expected. " +
            "Load it as a type the real object can be assigned to (object loads anything allowed).");

    /// <summary>An IObjectReference referred to from inside itself: the references would hold the holder, not the real object.</summary>
    public static PickleException ReferenceToHolder(Type holder) =>
        new($"The pickle refers back to a {TypeNames.Of(holder)} from inside it, but it is an IObjectReference that loads as another object, " +
            "so those references would hold the wrong object. Break the cycle before dumping.");

    /// <summary>A serialization callback method of the wrong shape.</summary>
    public static PickleException BadCallback(Type type, string method, string attribute) =>
        new($"The {TypeNames.Of(type)} has a method {method} marked [{attribute}] that is not an instance method taking one StreamingContext and returning void. " +
            "Give it that signature (void Method(StreamingContext context)), as .NET requires of serialization callbacks.");

    /// <summary>Exception data whose dictionary is not the one <see cref="Exception.Data"/> makes.</summary>
    public static PickleException ExceptionDataOfOwnKind(Type type, Type dictionary) =>
        new($"Could not dump the {TypeNames.Of(type)}: its Data is a {TypeNames.Of(dictionary)}, not the dictionary Exception.Data makes, which is what Pickle loads. " +
            "Keep the entries in Exception.Data itself.");

    private static string? FieldsOfPointers(Type type)
    {
        for (var level = type; level is not null && level != typeof(object); level = level.BaseType)
        {
            foreach (var field in level.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.DeclaredOnly))
            {
                if (field.FieldType.IsPointer || field.FieldType.IsFunctionPointer || field.FieldType == typeof(IntPtr) || field.FieldType == typeof(UIntPtr))
                {
                    return field.Name;
                }
            }
        }

        return null;
    }
}
