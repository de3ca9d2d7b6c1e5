using System.Runtime.Serialization;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Gives the real object of a loaded <see cref="IObjectReference"/> (a singleton's holder, a type that loads as
/// another): GetRealObject is called again on what it gives while that is another IObjectReference, as .NET's
/// formatters did, up to <see cref="MaxSteps"/> times.
/// </summary>
internal static class ObjectReferences
{
    public const int MaxSteps = 32;

    /// <summary>True if a value of <paramref name="type"/> may be an <see cref="IObjectReference"/>: a class that is not sealed, or that implements it.</summary>
    public static bool MayBe(Type type) => !type.IsValueType && (!type.IsSealed || typeof(IObjectReference).IsAssignableFrom(type));

    /// <summary>True if values of <paramref name="type"/> are <see cref="IObjectReference"/>s, which stand for other objects.</summary>
    public static bool MayStandFor(Type type) => typeof(IObjectReference).IsAssignableFrom(type);

    /// <summary>True if <paramref name="value"/> is an <see cref="IObjectReference"/>, which stands for another object.</summary>
    public static bool Is(object? value) => value is IObjectReference;

    /// <summary>
    /// The real object of a loaded <paramref name="holder"/>, which must be a <typeparamref name="T"/>; with
    /// <paramref name="id"/> (not -1), what that object's id refers to from now on (<see cref="GraphState.Replace"/>).
    /// </summary>
    public static T RealObject<T>(T holder, int id, GraphState? state)
    {
        var real = Resolve(holder);
        if (real is not null and not T)
        {
            throw SerializableErrors.RealObjectOfWrongType(holder!.GetType(), real.GetType(), typeof(T));
        }

        if (id >= 0 && real is not null)
        {
            state?.Replace(id, real);
        }

        return (T)real!;
    }

    /// <summary>The real object of <paramref name="value"/>: itself unless it is an <see cref="IObjectReference"/>.</summary>
    public static object? Resolve(object? value)
    {
        for (var steps = 0; value is IObjectReference reference; steps++)
        {
            if (steps == MaxSteps)
            {
                throw SerializableErrors.EndlessObjectReference(value.GetType(), steps);
            }

            object? real;
            try
            {
                real = reference.GetRealObject(SerializationContext.Value);
            }
            catch (Exception e) when (PickleErrors.IsContentError(e))
            {
                throw SerializableErrors.LoadCallbackFailed(value.GetType(), "GetRealObject", e);
            }

            if (ReferenceEquals(real, value))
            {
                break;
            }

            value = real;
        }

        return value;
    }
}
