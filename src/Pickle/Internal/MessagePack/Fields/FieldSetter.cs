namespace Pickling.Internal.MessagePack;

internal delegate void FieldSetter<TOwner, TField>(ref TOwner owner, TField value);
