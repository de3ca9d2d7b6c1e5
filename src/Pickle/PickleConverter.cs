using MessagePack.Formatters;
using Pickling.Internal.MessagePack;

namespace Pickling;

/// <summary>
/// Replaces how the MessagePack serializer writes and reads one type, typically a type you do not own and cannot
/// change. Add converters to <see cref="PickleOptions.Converters"/>; the same converters must be given when loading.
/// Create one by deriving from <see cref="PickleSurrogate{T, TSurrogate}"/> (write a stand-in value instead), or
/// with <see cref="FromFormatter{T}(IMessagePackFormatter{T})"/> (full control with a MessagePack formatter).
/// </summary>
/// <remarks>
/// A converter applies to values whose type is exactly <see cref="Type"/>, at any depth. Converted values are
/// written as the converter writes them: they do not take part in <see cref="PickleOptions.PreserveReferences"/>.
/// </remarks>
public abstract class PickleConverter
{
    /// <summary>Creates the converter. Derive from <see cref="PickleSurrogate{T, TSurrogate}"/> rather than from this class.</summary>
    protected PickleConverter()
    {
    }

    /// <summary>The type this converter writes and reads.</summary>
    public abstract Type Type { get; }

    /// <summary>Wraps a MessagePack formatter as a converter for <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The type the formatter writes and reads.</typeparam>
    /// <param name="formatter">The formatter; it must read exactly what it writes, and must handle <see langword="null"/> for reference types.</param>
    /// <returns>The converter.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="formatter"/> is <see langword="null"/>.</exception>
    public static PickleConverter FromFormatter<T>(IMessagePackFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        return new FormatterConverter<T>(formatter);
    }

    internal abstract IMessagePackFormatter CreateFormatter();
}
