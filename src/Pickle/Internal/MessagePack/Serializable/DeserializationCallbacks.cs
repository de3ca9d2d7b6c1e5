using System.Runtime.Serialization;
using MessagePack;

// ISerializable, IObjectReference, IDeserializationCallback and SerializationInfo are marked obsolete (SYSLIB0050) with
// BinaryFormatter, but they are how the types Pickle saves here define their state; Pickle itself uses no formatter.
#pragma warning disable SYSLIB0050

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The <see cref="IDeserializationCallback"/> objects of one load, told in the order they were loaded once the whole
/// load is done (as .NET's formatters told them), so that each sees every object of the graph complete. The list is
/// the load's own (<see cref="GraphState"/>); under options Pickle did not make, an object is told as soon as it is loaded.
/// </summary>
internal sealed class DeserializationCallbacks
{
    private readonly List<IDeserializationCallback> _pending = [];

    /// <summary>Keeps <paramref name="value"/> to tell at the end of the load <paramref name="options"/> belong to.</summary>
    public static void Add(MessagePackSerializerOptions options, IDeserializationCallback value)
    {
        if (GraphOptions.StateOf(options) is { } state)
        {
            state.DeserializationCallbacks.Add(value);
        }
        else
        {
            Tell(value);
        }
    }

    public void Add(IDeserializationCallback value) => _pending.Add(value);

    /// <summary>Tells every object kept, in the order they were loaded; called once, when the root is loaded.</summary>
    public void RunAll()
    {
        // A callback may load nothing more, but the list is read by index so that it cannot change under the loop.
        for (var i = 0; i < _pending.Count; i++)
        {
            Tell(_pending[i]);
        }

        _pending.Clear();
    }

    private static void Tell(IDeserializationCallback value)
    {
        try
        {
            value.OnDeserialization(null);
        }
        catch (Exception e) when (PickleErrors.IsContentError(e))
        {
            throw SerializableErrors.LoadCallbackFailed(value.GetType(), "IDeserializationCallback.OnDeserialization", e);
        }
    }
}
