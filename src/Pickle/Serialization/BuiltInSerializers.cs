namespace Pickling;

/// <summary>
/// The serializers Pickle ships, by the format name each writes into frames, and the one-byte codes a version-2
/// frame header gives their formats (any other format is written by name).
/// </summary>
internal static class BuiltInSerializers
{
    /// <summary>The code of a format the header writes by name.</summary>
    public const byte NamedFormat = 0;

    private const byte MessagePackCode = 1;
    private const byte JsonCode = 2;

    /// <summary>The built-in serializer of <paramref name="format"/>, or <see langword="null"/> if none writes it.</summary>
    public static IPickleSerializer? Find(string format) => format switch
    {
        MessagePackPickleSerializer.FormatName => MessagePackPickleSerializer.Default,
        SystemTextJsonPickleSerializer.FormatName => SystemTextJsonPickleSerializer.Default,
        _ => null,
    };

    /// <summary>The header code of <paramref name="format"/>: that of a built-in format, else <see cref="NamedFormat"/>.</summary>
    public static byte CodeOf(string format) => format switch
    {
        MessagePackPickleSerializer.FormatName => MessagePackCode,
        SystemTextJsonPickleSerializer.FormatName => JsonCode,
        _ => NamedFormat,
    };

    /// <summary>The format a header code stands for, or <see langword="null"/> for a code this Pickle does not know.</summary>
    public static string? FormatOf(byte code) => code switch
    {
        MessagePackCode => MessagePackPickleSerializer.FormatName,
        JsonCode => SystemTextJsonPickleSerializer.FormatName,
        _ => null,
    };
}
