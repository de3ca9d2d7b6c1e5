namespace Pickling;

/// <summary>
/// Implemented by a class or struct that wants to act just before Pickle dumps it and just after Pickle loads it,
/// as Python's <c>__getstate__</c>/<c>__setstate__</c> and .NET's <c>[OnSerializing]</c>/<c>[OnDeserialized]</c> do:
/// to rebuild caches, reopen resources or check invariants. Pickle calls these for types it dumps field by field
/// (classes and structs without MessagePack attributes, exceptions included).
/// </summary>
/// <remarks>
/// <para>
/// Pickle also runs .NET's serialization callbacks, at the moments BinaryFormatter ran them; these fit among them as
/// the innermost pair. For each object, a dump runs: the <c>[OnSerializing]</c> methods (a base class's first),
/// <see cref="OnDumping"/>, writes the fields (or, for an <c>ISerializable</c> type, the entries its
/// <c>GetObjectData</c> adds), then the <c>[OnSerialized]</c> methods. A load runs: the <c>[OnDeserializing]</c>
/// methods on the new object, sets the fields (or runs the <c>(SerializationInfo, StreamingContext)</c> constructor),
/// <see cref="OnLoaded"/>, the <c>[OnDeserialized]</c> methods, then <c>IObjectReference.GetRealObject</c> if the
/// object implements it; once the whole graph is loaded, <c>IDeserializationCallback.OnDeserialization</c> of each
/// object that implements it, in the order the objects were loaded.
/// </para>
/// <para>
/// With <see cref="PickleOptions.PreserveReferences"/> and a cycle, <see cref="OnLoaded"/> of an object can run
/// while an object that refers back to it is still being loaded; do not rely on the state of such objects there
/// (<c>IDeserializationCallback</c> runs when every object is complete).
/// </para>
/// </remarks>
public interface IPickleCallbacks
{
    /// <summary>Called just before the object's fields are written.</summary>
    void OnDumping();

    /// <summary>Called just after all of the object's fields have been loaded.</summary>
    void OnLoaded();
}
