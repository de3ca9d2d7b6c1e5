namespace Pickling;

/// <summary>
/// Implemented by a class or struct that wants to act just before Pickle dumps it and just after Pickle loads it,
/// as Python's <c>__getstate__</c>/<c>__setstate__</c> and .NET's <c>[OnSerializing]</c>/<c>[OnDeserialized]</c> do:
/// to rebuild caches, reopen resources or check invariants. Pickle calls these for types it dumps field by field
/// (classes and structs without MessagePack attributes).
/// </summary>
/// <remarks>
/// With <see cref="PickleOptions.PreserveReferences"/> and a cycle, <see cref="OnLoaded"/> of an object can run
/// while an object that refers back to it is still being loaded; do not rely on the state of such objects there.
/// </remarks>
public interface IPickleCallbacks
{
    /// <summary>Called just before the object's fields are written.</summary>
    void OnDumping();

    /// <summary>Called just after all of the object's fields have been loaded.</summary>
    void OnLoaded();
}
