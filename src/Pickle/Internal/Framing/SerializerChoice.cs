namespace Pickling.Internal;

/// <summary>Which serializer reads a frame: the options' own if it reads the frame's format; with no options, the built-in one that does.</summary>
internal static class SerializerChoice
{
    /// <summary>The options to read <paramref name="header"/>'s payload with, or <see langword="null"/> if no serializer they allow reads its format.</summary>
    public static PickleOptions? TryChoose(FrameHeader header, PickleOptions? givenOptions)
    {
        var options = givenOptions ?? PickleOptions.Default;
        if (string.Equals(options.Serializer.Format, header.Format, StringComparison.Ordinal))
        {
            return options;
        }

        return givenOptions is null && BuiltInSerializers.Find(header.Format) is { } builtIn ? options with { Serializer = builtIn } : null;
    }

    /// <summary>The options to read <paramref name="header"/>'s payload with; a <see cref="PickleException"/> if no serializer they allow reads its format.</summary>
    public static PickleOptions Choose(FrameHeader header, PickleOptions? givenOptions) =>
        TryChoose(header, givenOptions)
        ?? throw PickleErrors.FormatMismatch(header.Format, (givenOptions ?? PickleOptions.Default).Serializer, BuiltInSerializers.Find(header.Format));
}
