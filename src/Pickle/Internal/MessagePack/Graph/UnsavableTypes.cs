using System.Numerics;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The types that no formatter of Pickle saves whole, and what becomes of them: a type with a MessagePack contract
/// of its own (<c>[MessagePackObject]</c>) and the few .NET structs whose whole state is public fields are written by
/// MessagePack's resolvers, faithfully (<see cref="KeepsMessagePackEncoding"/>); every other type is refused, at dump
/// and at load, with what to do (<see cref="Refuse{T}"/>). No type falls back to a resolver that would save it in part.
/// </summary>
internal static class UnsavableTypes
{
    /// <summary>The .NET structs whose whole state is public fields, which MessagePack's contractless resolver saves and loads whole.</summary>
    private static readonly HashSet<Type> WholeByPublicFields =
    [
        typeof(Vector2), typeof(Vector3), typeof(Vector4), typeof(Matrix3x2), typeof(Matrix4x4), typeof(Quaternion), typeof(Plane),
    ];

    /// <summary>True if MessagePack's own resolvers save <paramref name="type"/> whole, as Pickle has always written it.</summary>
    public static bool KeepsMessagePackEncoding(Type type) =>
        WholeByPublicFields.Contains(type) || type.IsDefined(typeof(MessagePackObjectAttribute), inherit: false) || type.IsDefined(typeof(UnionAttribute), inherit: false);

    /// <summary>The formatter that refuses a <typeparamref name="T"/> in both directions (a null is written and read as nil).</summary>
    public static IMessagePackFormatter<T> Refuse<T>() => new UnsavableFormatter<T>(Why(typeof(T)));

    /// <summary>Why Pickle cannot save a <paramref name="type"/> whole.</summary>
    public static string Why(Type type) =>
        SerializableModel.IsSaved(type) && SerializableModel.WhyNotLoaded(type) is { } serializable ? serializable
        : FieldModel.IsFrameworkType(type) && !FieldModel.IsMarkedSerializable(type) ? SerializableErrors.NotSerializableFramework(type)
        : SerializableErrors.PointerField(type) is { Length: > 0 } pointer ? $"it cannot be saved field by field{pointer}."
        : type.IsCOMObject ? "it is a COM object, whose state lives outside .NET."
        : "it cannot be saved field by field.";

    private sealed class UnsavableFormatter<T>(string why) : IMessagePackFormatter<T>
    {
        public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
        {
            if (value is null)
            {
                writer.WriteNil();
                return;
            }

            throw SerializableErrors.Unsavable(typeof(T), why);
        }

        public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options) =>
            default(T) is null && reader.TryReadNil() ? default! : throw SerializableErrors.Unsavable(typeof(T), why);
    }
}
