namespace Pickling.Internal.MessagePack;

internal delegate TField FieldGetter<TOwner, TField>(ref TOwner owner);
