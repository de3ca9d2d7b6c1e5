using MessagePack.Formatters;
using Pickling.Internal.MessagePack;

namespace Pickling;

/// <summary>
/// A converter that dumps a <typeparamref name="T"/> as a stand-in <typeparamref name="TSurrogate"/> and turns it
/// back on load: the way to pickle a type you do not own, or one whose fields should not be written as they are.
/// </summary>
/// <typeparam name="T">The type to convert.</typeparam>
/// <typeparam name="TSurrogate">The stand-in written instead; any type Pickle can dump.</typeparam>
/// <example>
/// <code>
/// sealed class ColorSurrogate : PickleSurrogate&lt;Color, int&gt;
/// {
///     public override int ToSurrogate(Color value) =&gt; value.ToArgb();
///     public override Color FromSurrogate(int surrogate) =&gt; Color.FromArgb(surrogate);
/// }
///
/// var options = PickleOptions.Default with { Converters = [new ColorSurrogate()] };
/// </code>
/// </example>
public abstract class PickleSurrogate<T, TSurrogate> : PickleConverter
{
    /// <summary>Creates the surrogate converter.</summary>
    protected PickleSurrogate()
    {
    }

    /// <inheritdoc />
    public sealed override Type Type => typeof(T);

    /// <summary>Turns a value into the stand-in that is written. Never called for <see langword="null"/>.</summary>
    /// <param name="value">The value being dumped.</param>
    /// <returns>The stand-in to write.</returns>
    public abstract TSurrogate ToSurrogate(T value);

    /// <summary>Turns a loaded stand-in back into the value.</summary>
    /// <param name="surrogate">The stand-in read from the pickle.</param>
    /// <returns>The value.</returns>
    public abstract T FromSurrogate(TSurrogate surrogate);

    internal sealed override IMessagePackFormatter CreateFormatter() => new SurrogateFormatter<T, TSurrogate>(this);
}
