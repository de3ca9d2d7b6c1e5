using System.Buffers;
using System.Globalization;
using System.Text.RegularExpressions;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Internal;

/// <summary>
/// The errors Pickle reports about a value that does not fit the type it is loaded as, and about the names of
/// renamed members and types, in one place: what the pickle holds, in words (a string, the whole number 70000,
/// nothing (null), a list of 3), what the type expects, and what to do. <see cref="LoadPathException"/> puts the
/// path in front of them. None of them names the wire format: a user sees Pickle's words only.
/// </summary>
internal static partial class LoadErrors
{
    /// <summary>What to do when a member's type changed since the pickle was written.</summary>
    private const string ChangedType =
        "The type has changed since the pickle was written: load it with the type it was dumped as, or give the changed member a new name " +
        "so that the old value is skipped (a member that was only renamed keeps its values with [PickleFormerName(\"OldName\")]).";

    /// <summary>
    /// What is wrong, after the path: <paramref name="e"/> met where a <paramref name="expected"/> was being loaded
    /// from <paramref name="held"/> (the words of <see cref="Held"/>).
    /// </summary>
    public static string Problem(Exception e, string held, Type expected)
    {
        var wanted = TypeNames.Of(expected);
        if (e is PickleException)
        {
            return e.Message;
        }

        if (e is EndOfStreamException)
        {
            return "the pickle ends in the middle of a value. The file was cut short or damaged after it was written; restore it from a good copy.";
        }

        if (held == Nothing && expected.IsValueType && Nullable.GetUnderlyingType(expected) is null)
        {
            return $"the pickle holds {held} where the type expects a {wanted}, which cannot be null. " +
                $"Make the member nullable ({wanted}?) to load it, or load it with the type it was dumped as.";
        }

        if (e is OverflowException)
        {
            return $"the pickle holds {held} where the type expects a {wanted}, which cannot hold it. " +
                "Give the member a type that can (System.Int64, System.UInt64 or System.Decimal), or load it with the type it was dumped as.";
        }

        var message = PickleErrors.RootMessage(e);
        return NamesTheWire(message)
            ? $"the pickle holds {held} where the type expects a {wanted}. {ChangedType}"
            : $"the pickle holds {held}, which could not be loaded as a {wanted}: {message}";
    }

    /// <summary>
    /// The error <paramref name="e"/> met loading the payload's root as a <paramref name="type"/>, with no member or
    /// element around it: what the pickle holds is told, as far as the error tells it.
    /// </summary>
    public static LoadPathException AtRoot(Exception e, Type type)
    {
        var root = PickleErrors.RootMessage(e);
        var code = UnexpectedCode().Match(root);
        var held = code.Success && byte.TryParse(code.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var lead)
            ? Kind(ValueLengths.Of(lead).Type, lead)
            : "a value";
        return new LoadPathException(Problem(e, held, type), type, e);
    }

    /// <summary>A value of a struct <paramref name="type"/> that the pickle holds as nothing (null).</summary>
    public static LoadPathException StructIsNull(Type type) =>
        new(Problem(new InvalidOperationException(), Nothing, type), type, null);

    /// <summary>A class or struct whose value the pickle holds as something else than a map of its fields.</summary>
    public static LoadPathException NotFields(Type type, ReadOnlySequence<byte> value) =>
        new($"the pickle holds {Held(value)} where the type expects a {TypeNames.Of(type)}, which is saved as a map of its members. {ChangedType}", type, null);

    /// <summary>An element of a list whose field keys are written once, held as values before any element gave the keys.</summary>
    public static LoadPathException ValuesBeforeKeys(Type type) =>
        new($"the pickle holds the values of a {TypeNames.Of(type)} without the names of its members, before any element of the list gave them. " +
            "The file is damaged or was not written by Pickle: restore it from a good copy.", type, null);

    /// <summary>An element of a list whose field keys are written once, with another number of values than the list's first element has keys.</summary>
    public static LoadPathException ValuesNotKeys(Type type, int values, int keys) =>
        new($"the pickle holds {values:N0} value(s) of a {TypeNames.Of(type)}, where the list's first element named {keys:N0} member(s). " +
            "The file is damaged or was not written by Pickle: restore it from a good copy.", type, null);

    /// <summary>A list whose field keys are written once, whose mark holds a value, or with fewer than two elements after it.</summary>
    public static PickleException DamagedKeyedList(Type type) =>
        new($"The pickle holds a damaged list of {TypeNames.Of(type)}: the mark that says its members' names are written once is not empty, " +
            "or fewer than two elements follow it. The file is damaged or was not written by Pickle: restore it from a good copy.");

    /// <summary>A list whose field keys are written once, in a frame of a version before those that write such lists.</summary>
    public static PickleException KeyedListTooEarly(Type type) =>
        new($"The pickle holds a list of {TypeNames.Of(type)} whose members' names are written once, which only format version 5 and later write, " +
            "in a frame of an earlier version. The file is damaged or was not written by Pickle: restore it from a good copy.");

    /// <summary>A list whose field keys are written once, loaded as elements that are not read by their fields.</summary>
    public static PickleException NotKeyedElements(Type type) =>
        new($"The pickle holds a list of {TypeNames.Of(type)} saved by the names of its members, but the load reads a {TypeNames.Of(type)} otherwise " +
            "(with a converter, a surrogate, or as a type that is not saved by its members). Load it with the options and the type it was dumped with.");

    /// <summary>A class or struct whose map of fields has a key that is not a name.</summary>
    public static LoadPathException NotFieldName(Type type, ReadOnlySequence<byte> key) =>
        new($"the pickle holds a map whose key is {Held(key)}, where a {TypeNames.Of(type)} is saved by the names of its members. " +
            "The pickle was not written from this type, or it is damaged: load it with the type it was dumped as.", type, null);

    /// <summary>A type name in the pickle that no loaded type answers to, where a <paramref name="expected"/> is expected (<see langword="null"/> at the root).</summary>
    public static PickleException UnknownType(string name, Type? expected)
    {
        var typeName = name.Split(',', 2)[0].Trim();
        var where = expected is null ? string.Empty : $" where a {TypeNames.Of(expected)} is expected";
        return new PickleException(
            $"The pickle holds a value of type '{name}'{where}, but no assembly loaded in this program defines that type. " +
            $"If the type was renamed or moved, mark its new version [PickleFormerName(\"{typeName}\")], or map the old name to it with " +
            $"PickleOptions.TypeAliases (TypeAliases = new Dictionary<string, Type> {{ [\"{typeName}\"] = typeof(NewType) }}). " +
            "Otherwise load the assembly that defines it (Pickle never loads assemblies named in a file), or load the value as its own type.");
    }

    /// <summary>Two types that claim one former name.</summary>
    public static PickleException FormerTypeNameTwice(string former, Type first, Type second) =>
        new($"Two types claim the former name '{former}' with [PickleFormerName]: {TypeNames.Of(first)} ({first.Assembly.GetName().Name}) and " +
            $"{TypeNames.Of(second)} ({second.Assembly.GetName().Name}), so Pickle cannot tell which one a pickle naming it means. " +
            "Keep the attribute on one of them, or map the name to one with PickleOptions.TypeAliases.");

    /// <summary>A member's former name that is another member's name now, or that two members claim.</summary>
    public static PickleException FormerMemberName(Type type, string former, string member, string other, bool isCurrent) =>
        new(isCurrent
            ? $"The member {member} of {TypeNames.Of(type)} has the former name '{former}' ([PickleFormerName]), but {other} is named so now, " +
              "so Pickle cannot tell which member a value saved under that name belongs to. Remove the former name, or rename one of the members."
            : $"The members {member} and {other} of {TypeNames.Of(type)} both have the former name '{former}' ([PickleFormerName]), " +
              "so Pickle cannot tell which one a value saved under that name belongs to. Keep it on one of them.");

    /// <summary>What the next value of <paramref name="value"/> is, in words: "a string", "the whole number 70000", "a list of 3, the first a map".</summary>
    public static string Held(ReadOnlySequence<byte> value)
    {
        try
        {
            var reader = new MessagePackReader(value);
            return Describe(ref reader);
        }
        catch (Exception e) when (e is EndOfStreamException or MessagePackSerializationException or OverflowException or InvalidOperationException or ArgumentException)
        {
            return "a value";
        }
    }

    private const string Nothing = "nothing (null)";

    private static string Describe(ref MessagePackReader reader)
    {
        var code = reader.NextCode;
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Boolean:
                return reader.ReadBoolean() ? "the value true" : "the value false";
            case MessagePackType.Integer:
                return "the whole number " + (code == MessagePackCode.UInt64
                    ? reader.ReadUInt64().ToString(CultureInfo.InvariantCulture)
                    : reader.ReadInt64().ToString(CultureInfo.InvariantCulture));
            case MessagePackType.Float:
                return "the number " + reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture);
            case MessagePackType.String:
                var length = reader.ReadStringSequence()?.Length ?? 0;
                return length == 0 ? "an empty string" : "a string";
            case MessagePackType.Binary:
                return $"a block of {reader.ReadBytes()?.Length ?? 0:N0} bytes";
            case MessagePackType.Array:
                if (ObjectHeaders.StartsWithHeader(ref reader))
                {
                    reader.ReadArrayHeader();
                    return ObjectHeaders.TryReadHeader(ref reader, out var header) && header.TypeName is { } name ? $"a {name}" : "an object";
                }

                var count = reader.ReadArrayHeader();
                return count == 0 ? "an empty list" : $"a list of {count:N0}, the first {Kind(reader.NextMessagePackType, reader.NextCode)}";
            case MessagePackType.Map:
                var entries = reader.ReadMapHeader();
                return entries == 1 ? "a map of 1 entry" : $"a map of {entries:N0} entries";
            case MessagePackType.Extension:
                return ExtensionKind(reader.ReadExtensionFormatHeader().TypeCode);
            default:
                return Kind(reader.NextMessagePackType, code);
        }
    }

    /// <summary>What kind of value a lead byte starts, in words.</summary>
    private static string Kind(MessagePackType type, byte code) => type switch
    {
        MessagePackType.Nil => Nothing,
        MessagePackType.Boolean => "a boolean",
        MessagePackType.Integer => "a whole number",
        MessagePackType.Float => "a number with a fraction",
        MessagePackType.String => "a string",
        MessagePackType.Binary => "a block of bytes",
        MessagePackType.Array => "a list",
        MessagePackType.Map => "a map",
        MessagePackType.Extension => "a value of its own kind",
        _ => "a byte no value starts with",
    };

    /// <summary>What an extension of type <paramref name="typeCode"/> holds, in words.</summary>
    private static string ExtensionKind(sbyte typeCode) =>
        typeCode == ReservedMessagePackExtensionTypeCode.DateTime
            ? "a date and time"
            : PickleExtensions.NameOf(typeCode) is { } name
                ? ("aeiou".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ") + name
                : "a value of a kind Pickle does not write";

    /// <summary>Whether an error's message speaks of the wire format rather than of the value, so that Pickle's own words replace it.</summary>
    private static bool NamesTheWire(string message) =>
        message.Contains("msgpack", StringComparison.OrdinalIgnoreCase) || message.Contains("MessagePack", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"msgpack code (\d+) ", RegexOptions.CultureInvariant)]
    private static partial Regex UnexpectedCode();
}
