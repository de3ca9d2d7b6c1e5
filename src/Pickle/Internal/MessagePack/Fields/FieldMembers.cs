using System.Reflection;

namespace Pickling.Internal.MessagePack;

/// <summary>Makes the member that reads and writes one field of a <c>TOwner</c>, generic over the field's type.</summary>
/// <remarks>
/// A string field's member is made directly; any other field's through a delegate to <see cref="Of{TOwner, TField}"/>
/// made for its type, which then calls the constructor itself. <see cref="Activator.CreateInstance(Type, object[])"/>
/// would look the constructor up through a binder and, from a constructor's second call on, compile a stub to
/// call it with.
/// </remarks>
internal static class FieldMembers
{
    private static readonly MethodInfo OfMethod = typeof(FieldMembers).GetMethod(nameof(Of), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static FieldMember<TOwner> For<TOwner>(string key, FieldInfo field) =>
        field.FieldType == typeof(string)
            ? new StringFieldMember<TOwner>(key, field)
            : OfMethod.MakeGenericMethod(typeof(TOwner), field.FieldType).CreateDelegate<Func<string, FieldInfo, FieldMember<TOwner>>>()(key, field);

    private static FieldMember<TOwner> Of<TOwner, TField>(string key, FieldInfo field) => new FieldMember<TOwner, TField>(key, field);
}
