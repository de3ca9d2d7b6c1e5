using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The root type at the start of a version-2 payload (FORMAT.md, "The root type"): written before the value, read
/// and checked against the type being loaded before any of the value is. A code of <see cref="RootTypeCodes"/> for
/// common types, <c>[code, arguments...]</c> for their generic forms and arrays, and a type name
/// (<see cref="TypeTags"/>) for any other type; the bytes of each type's root type are made once.
/// </summary>
internal static class RootType
{
    /// <summary>The most types (codes, names and arguments) one root type may hold.</summary>
    public const int MaxParts = 32;

    /// <summary>How deeply one root type's arguments may nest.</summary>
    public const int MaxNesting = 8;

    private static readonly ConcurrentDictionary<Type, byte[]> s_bytes = new();

    /// <summary>
    /// Writes the root type of a dump of <paramref name="value"/> as a <typeparamref name="T"/>, and returns the type to
    /// write the value as when it is not <typeparamref name="T"/> (<see langword="null"/> to write it as <typeparamref name="T"/>).
    /// The root type is the value's own type; <typeparamref name="T"/> for <see langword="null"/>, for a value a
    /// converter of <typeparamref name="T"/> writes, and for a collection the compiler made for a collection expression
    /// (its type has no name a program could load).
    /// </summary>
    public static Type? Write<T>(ref MessagePackWriter writer, T value, GraphState state)
    {
        var runtime = value?.GetType();
        if (runtime is null || runtime == typeof(T) || typeof(T).IsValueType || state.ConverterFor<T>() is not null
            || (runtime.Name.StartsWith('<') && typeof(T).IsInterface))
        {
            writer.WriteRaw(Of<T>.Bytes);
            return null;
        }

        // What Load<T> would refuse of this root, the dump refuses now, with the same check.
        RootTypeCheck.CheckAllowed(runtime, typeof(T), state);
        writer.WriteRaw(BytesOf(runtime));
        return runtime;
    }

    /// <summary>
    /// Reads the root type at the start of <paramref name="payload"/>, which then holds the value after it, and checks
    /// that the value may be loaded as a <typeparamref name="T"/> (<see cref="RootTypeCheck"/>); returns the type to
    /// read the value as when it is not <typeparamref name="T"/> (<see langword="null"/> to read it as <typeparamref name="T"/>).
    /// </summary>
    public static Type? Read<T>(ref ReadOnlySequence<byte> payload, GraphState state)
    {
        var expected = Of<T>.Bytes;
        if (payload.FirstSpan.StartsWith(expected))
        {
            // A root type is one whole MessagePack value, so bytes that start with T's are T's: T's own root type is
            // the one that needs no check, and the bytes are stepped over without a reader.
            payload = payload.Slice(expected.Length);
            return null;
        }

        return ReadOther<T>(ref payload, state);
    }

    /// <summary>
    /// <see cref="Read{T}"/> for a payload that does not start with <typeparamref name="T"/>'s own root type: apart,
    /// so that the common case's caller holds no reader of its own for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Type? ReadOther<T>(ref ReadOnlySequence<byte> payload, GraphState state)
    {
        var reader = new MessagePackReader(payload);
        var parts = 0;
        var root = ReadType(ref reader, state, nesting: 0, ref parts);
        payload = payload.Slice(reader.Position);
        return RootTypeCheck.ReadAs<T>(root, state);
    }

    /// <summary>
    /// Reads a root type as a readable name (<c>System.Collections.Generic.List&lt;System.Int32&gt;</c>), loading no
    /// type, so that the <c>pickle</c> tool shows what the library would check. False, with the reader anywhere, if the
    /// bytes are not a root type.
    /// </summary>
    public static bool TryReadName(ref MessagePackReader reader, out string name)
    {
        var parts = 0;
        var builder = new System.Text.StringBuilder();
        try
        {
            var ok = TryAppendName(ref reader, builder, nesting: 0, ref parts);
            name = builder.ToString();
            return ok;
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException)
        {
            name = string.Empty;
            return false;
        }
    }

    /// <summary>The bytes of <paramref name="type"/>'s root type.</summary>
    public static byte[] BytesOf(Type type) => s_bytes.GetOrAdd(type, static t =>
    {
        var buffer = new ArrayBufferWriter<byte>(16);
        var writer = new MessagePackWriter(buffer);
        if (FitsInCodes(t, nesting: 0, out _))
        {
            WriteType(ref writer, t);
        }
        else
        {
            // Too many types or too deep for the codes a load reads: the whole type by its name, one part.
            writer.Write(TypeTags.NameOf(t));
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    });

    /// <summary>Whether the codes of <paramref name="type"/> stay within <see cref="MaxParts"/> and <see cref="MaxNesting"/>; gives their count.</summary>
    private static bool FitsInCodes(Type type, int nesting, out int parts)
    {
        parts = 1;
        if (nesting > MaxNesting)
        {
            return false;
        }

        Type[] inner = type.IsArray
            ? [type.GetElementType()!]
            : type.IsConstructedGenericType && RootTypeCodes.CodeOf(type.GetGenericTypeDefinition()) >= 0 ? type.GetGenericArguments() : [];
        foreach (var argument in inner)
        {
            if (!FitsInCodes(argument, nesting + 1, out var argumentParts) || (parts += argumentParts) > MaxParts)
            {
                return false;
            }
        }

        return true;
    }

    private static void WriteType(ref MessagePackWriter writer, Type type)
    {
        if (type.IsArray)
        {
            if (type.IsSZArray)
            {
                writer.WriteArrayHeader(2);
                writer.Write(RootTypeCodes.Vector);
            }
            else
            {
                writer.WriteArrayHeader(3);
                writer.Write(RootTypeCodes.MultiDimensional);
                writer.Write(type.GetArrayRank());
            }

            WriteType(ref writer, type.GetElementType()!);
            return;
        }

        var code = RootTypeCodes.CodeOf(type.IsConstructedGenericType ? type.GetGenericTypeDefinition() : type);
        if (code < 0)
        {
            writer.Write(TypeTags.NameOf(type));
            return;
        }

        if (!type.IsConstructedGenericType)
        {
            writer.Write(code);
            return;
        }

        var arguments = type.GetGenericArguments();
        writer.WriteArrayHeader(1 + arguments.Length);
        writer.Write(code);
        foreach (var argument in arguments)
        {
            WriteType(ref writer, argument);
        }
    }

    private static Type ReadType(ref MessagePackReader reader, GraphState state, int nesting, ref int parts)
    {
        if (++parts > MaxParts || nesting > MaxNesting)
        {
            throw Malformed($"it holds more than {MaxParts} types or nests them more than {MaxNesting} deep");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                var type = RootTypeCodes.TypeOf(reader.ReadInt64());
                return type is not null && !type.IsGenericTypeDefinition ? type : throw Malformed("it has a type code this Pickle does not know");
            case MessagePackType.String:
                var name = reader.ReadString() ?? string.Empty;
                return TypeTags.Resolve(name, state) ?? throw RootTypeCheck.Unresolved(name);
            case MessagePackType.Array:
                return ReadConstructed(ref reader, state, nesting, ref parts);
            default:
                throw Malformed("it is neither a type code, a type name nor a list of them");
        }
    }

    private static Type ReadConstructed(ref MessagePackReader reader, GraphState state, int nesting, ref int parts)
    {
        var count = reader.ReadArrayHeader();
        if (count < 2 || reader.NextMessagePackType != MessagePackType.Integer)
        {
            throw Malformed("a list in it does not start with a type code");
        }

        var code = reader.ReadInt64();
        try
        {
            Type made;
            if (code == RootTypeCodes.Vector && count == 2)
            {
                made = ReadType(ref reader, state, nesting + 1, ref parts).MakeArrayType();
            }
            else if (code == RootTypeCodes.MultiDimensional && count == 3 && reader.NextMessagePackType == MessagePackType.Integer)
            {
                var rank = reader.ReadInt64();
                var element = ReadType(ref reader, state, nesting + 1, ref parts);
                made = rank is >= 1 and <= 32 ? element.MakeArrayType((int)rank) : throw Malformed($"it gives an array rank of {rank}");
            }
            else if (RootTypeCodes.TypeOf(code) is { IsGenericTypeDefinition: true } definition && definition.GetGenericArguments().Length == count - 1)
            {
                var arguments = new Type[count - 1];
                for (var i = 0; i < arguments.Length; i++)
                {
                    arguments[i] = ReadType(ref reader, state, nesting + 1, ref parts);
                }

                made = definition.MakeGenericType(arguments);
            }
            else
            {
                throw Malformed($"it gives type code {code} with {count - 1} arguments");
            }

            RootTypeCheck.CountMade(made, state);
            return made;
        }
        catch (Exception e) when (e is ArgumentException or TypeLoadException or NotSupportedException)
        {
            throw Malformed("it names a generic type or array .NET cannot make", e);
        }
    }

    private static bool TryAppendName(ref MessagePackReader reader, System.Text.StringBuilder builder, int nesting, ref int parts)
    {
        if (++parts > MaxParts || nesting > MaxNesting)
        {
            return false;
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Integer:
                if (RootTypeCodes.TypeOf(reader.ReadInt64()) is not { IsGenericTypeDefinition: false } type)
                {
                    return false;
                }

                builder.Append(TypeNames.Of(type));
                return true;
            case MessagePackType.String:
                builder.Append(reader.ReadString());
                return true;
            case MessagePackType.Array:
                return TryAppendConstructedName(ref reader, builder, nesting, ref parts);
            default:
                return false;
        }
    }

    private static bool TryAppendConstructedName(ref MessagePackReader reader, System.Text.StringBuilder builder, int nesting, ref int parts)
    {
        var count = reader.ReadArrayHeader();
        if (count < 2 || reader.NextMessagePackType != MessagePackType.Integer)
        {
            return false;
        }

        var code = reader.ReadInt64();
        string suffix;
        if (code == RootTypeCodes.Vector && count == 2)
        {
            suffix = "[]";
        }
        else if (code == RootTypeCodes.MultiDimensional && count == 3 && reader.NextMessagePackType == MessagePackType.Integer
            && reader.ReadInt64() is var rank and >= 1 and <= 32)
        {
            suffix = rank == 1 ? "[*]" : "[" + new string(',', (int)rank - 1) + "]";
        }
        else if (RootTypeCodes.TypeOf(code) is { IsGenericTypeDefinition: true } definition && definition.GetGenericArguments().Length == count - 1)
        {
            var full = definition.FullName!;
            builder.Append(full.AsSpan(0, full.IndexOf('`', StringComparison.Ordinal))).Append('<');
            for (var i = 1; i < count; i++)
            {
                if (i > 1)
                {
                    builder.Append(", ");
                }

                if (!TryAppendName(ref reader, builder, nesting + 1, ref parts))
                {
                    return false;
                }
            }

            builder.Append('>');
            return true;
        }
        else
        {
            return false;
        }

        if (!TryAppendName(ref reader, builder, nesting + 1, ref parts))
        {
            return false;
        }

        builder.Append(suffix);
        return true;
    }

    private static PickleException Malformed(string what, Exception? inner = null) =>
        new($"The pickle's root type is malformed: {what}. The file is damaged or was not written by Pickle.", inner);

    private static class Of<T>
    {
        public static readonly byte[] Bytes = BytesOf(typeof(T));
    }
}
