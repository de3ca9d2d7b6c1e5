using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Writes an enum as its underlying integer, as MessagePack does. Any value of the underlying type loads, named in
/// the enum or not, as .NET allows; a number too wide for the underlying type is a <see cref="PickleException"/>
/// naming the enum (<see cref="ScalarChecks.EnumOutOfRange"/>).
/// </summary>
internal sealed class EnumValueFormatter<T> : IMessagePackFormatter<T>
    where T : struct, Enum
{
    public static readonly EnumValueFormatter<T> Instance = new();

    private static readonly TypeCode Underlying = Type.GetTypeCode(typeof(T));

    /// <summary>True if the enum's underlying type is one of the eight integer types this formatter handles.</summary>
    public static bool Handles => Underlying is >= TypeCode.SByte and <= TypeCode.UInt64;

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        switch (Underlying)
        {
            case TypeCode.SByte:
                writer.Write(Unsafe.As<T, sbyte>(ref value));
                break;
            case TypeCode.Byte:
                writer.Write(Unsafe.As<T, byte>(ref value));
                break;
            case TypeCode.Int16:
                writer.Write(Unsafe.As<T, short>(ref value));
                break;
            case TypeCode.UInt16:
                writer.Write(Unsafe.As<T, ushort>(ref value));
                break;
            case TypeCode.Int32:
                writer.Write(Unsafe.As<T, int>(ref value));
                break;
            case TypeCode.UInt32:
                writer.Write(Unsafe.As<T, uint>(ref value));
                break;
            case TypeCode.Int64:
                writer.Write(Unsafe.As<T, long>(ref value));
                break;
            default:
                writer.Write(Unsafe.As<T, ulong>(ref value));
                break;
        }
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        try
        {
            switch (Underlying)
            {
                case TypeCode.SByte:
                    return From(reader.ReadSByte());
                case TypeCode.Byte:
                    return From(reader.ReadByte());
                case TypeCode.Int16:
                    return From(reader.ReadInt16());
                case TypeCode.UInt16:
                    return From(reader.ReadUInt16());
                case TypeCode.Int32:
                    return From(reader.ReadInt32());
                case TypeCode.UInt32:
                    return From(reader.ReadUInt32());
                case TypeCode.Int64:
                    return From(reader.ReadInt64());
                default:
                    return From(reader.ReadUInt64());
            }
        }
        catch (OverflowException)
        {
            throw ScalarChecks.EnumOutOfRange(typeof(T));
        }
    }

    private static T From<TUnderlying>(TUnderlying value)
        where TUnderlying : struct => Unsafe.As<TUnderlying, T>(ref value);
}
