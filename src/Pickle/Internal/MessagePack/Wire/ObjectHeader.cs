namespace Pickling.Internal.MessagePack;

/// <summary>
/// The body of an object header (ext 80) as written, before any type is looked up: the object's id, and the type as
/// an index of a type the payload named before or as a name it names now (neither for the declared type).
/// </summary>
/// <param name="Id">The object's id; -1 if it has none.</param>
/// <param name="TypeIndex">The index of a type named earlier in the payload, as written (it may name none); <see langword="null"/> if the header does not refer to one.</param>
/// <param name="TypeName">The name of the type, named here for the first time; <see langword="null"/> if the header names none.</param>
internal readonly record struct ObjectHeader(int Id, long? TypeIndex, string? TypeName);
