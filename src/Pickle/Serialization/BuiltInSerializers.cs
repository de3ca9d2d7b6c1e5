namespace Pickling;

/// <summary>The serializers Pickle ships, by the format name each writes into frames.</summary>
internal static class BuiltInSerializers
{
    /// <summary>The built-in serializer of <paramref name="format"/>, or <see langword="null"/> if none writes it.</summary>
    public static IPickleSerializer? Find(string format) => format switch
    {
        MessagePackPickleSerializer.FormatName => MessagePackPickleSerializer.Default,
        SystemTextJsonPickleSerializer.FormatName => SystemTextJsonPickleSerializer.Default,
        _ => null,
    };
}
