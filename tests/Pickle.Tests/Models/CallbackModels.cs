#pragma warning disable SYSLIB0050, SYSLIB0051 // The models define their state the way BinaryFormatter's users did.
using System.Runtime.Serialization;

namespace Pickling.Tests.Models;

/// <summary>A base class with callbacks of its own, which run before those of a derived class.</summary>
public class CallbackBase
{
    [PickleIgnore]
    public List<string> Events { get; set; } = [];

    public string Name { get; set; } = "";

    [OnSerializing]
    private void BaseSerializing(StreamingContext context) => Events.Add("base OnSerializing");

    [OnDeserializing]
    private void BaseDeserializing(StreamingContext context) => (Events ??= []).Add("base OnDeserializing");
}

/// <summary>
/// A class saved field by field that records the moments its callbacks run at, with Pickle's own callbacks among them;
/// its end-of-load callback records whether its sibling, loaded after it, was complete by then.
/// </summary>
public sealed class CallbackRecorder : CallbackBase, IPickleCallbacks, IDeserializationCallback
{
    public int Value { get; set; }

    public CallbackRecorder? Sibling { get; set; }

    [OnSerializing]
    private void Serializing(StreamingContext context) => Events.Add($"OnSerializing {Value}");

    [OnSerialized]
    private void Serialized(StreamingContext context) => Events.Add("OnSerialized");

    [OnDeserializing]
    private void Deserializing(StreamingContext context) => Events.Add($"OnDeserializing {Value}");

    [OnDeserialized]
    private void Deserialized(StreamingContext context) => Events.Add($"OnDeserialized {Value}");

    public void OnDumping() => Events.Add("OnDumping");

    public void OnLoaded() => Events.Add($"OnLoaded {Value}");

    public void OnDeserialization(object? sender) =>
        Events.Add($"OnDeserialization, sibling {(Sibling is null ? "none" : Sibling.Events.Contains($"OnDeserialized {Sibling.Value}") ? "complete" : "incomplete")}");
}

/// <summary>An ISerializable class with callbacks: they run around GetObjectData and the deserialization constructor.</summary>
public sealed class SerializableRecorder : ISerializable, IDeserializationCallback
{
    private List<string>? _events;

    public SerializableRecorder(int value) => Value = value;

    private SerializableRecorder(SerializationInfo info, StreamingContext context)
    {
        Events.Add($"constructor, OnDeserializing ran: {Events.Contains("OnDeserializing")}");
        Value = info.GetInt32("value");
    }

    public int Value { get; }

    public List<string> Events => _events ??= [];

    public void GetObjectData(SerializationInfo info, StreamingContext context)
    {
        Events.Add("GetObjectData");
        info.AddValue("value", Value);
    }

    public void OnDeserialization(object? sender) => Events.Add("OnDeserialization");

    [OnSerializing]
    private void Serializing(StreamingContext context) => Events.Add("OnSerializing");

    [OnSerialized]
    private void Serialized(StreamingContext context) => Events.Add("OnSerialized");

    // Called on the object before any constructor ran.
    [OnDeserializing]
    private void Deserializing(StreamingContext context) => Events.Add("OnDeserializing");

    [OnDeserialized]
    private void Deserialized(StreamingContext context) => Events.Add($"OnDeserialized {Value}");
}

/// <summary>A struct with callbacks: they run on the value being loaded, which keeps what they set.</summary>
public struct CallbackStruct
{
    public int Value { get; set; }

    [PickleIgnore]
    public string? LoadedBy { get; set; }

    [OnDeserialized]
    private void Deserialized(StreamingContext context) => LoadedBy = $"OnDeserialized {Value}";
}

/// <summary>A callback of the wrong shape.</summary>
public sealed class BadCallbackShape
{
    public int Value { get; set; }

    [OnDeserialized]
    private void Deserialized() => Value++;
}

/// <summary>Callbacks that throw, at dump or at load.</summary>
public sealed class ThrowingCallbacks
{
    public bool ThrowAtDump { get; set; }

    public bool ThrowAtLoad { get; set; }

    [OnSerializing]
    private void Serializing(StreamingContext context)
    {
        if (ThrowAtDump)
        {
            throw new InvalidOperationException("not now");
        }
    }

    [OnDeserialized]
    private void Deserialized(StreamingContext context)
    {
        if (ThrowAtLoad)
        {
            throw new InvalidOperationException("not loadable");
        }
    }
}

/// <summary>An end-of-load callback that throws.</summary>
public sealed class ThrowingDeserializationCallback : IDeserializationCallback
{
    public int Value { get; set; }

    public void OnDeserialization(object? sender) => throw new InvalidOperationException("broken invariant");
}
