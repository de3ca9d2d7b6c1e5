using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>A <see cref="DateTime"/> array as an array of <see cref="DateTimeBinaryFormatter"/> values, nil for null.</summary>
internal sealed class DateTimeBinaryArrayFormatter : IMessagePackFormatter<DateTime[]?>
{
    public static readonly DateTimeBinaryArrayFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, DateTime[]? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.WriteArrayHeader(value.Length);
        foreach (var item in value)
        {
            DateTimeBinaryFormatter.Write(ref writer, item);
        }
    }

    public DateTime[]? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        var array = new DateTime[reader.ReadArrayHeader()];
        for (var i = 0; i < array.Length; i++)
        {
            array[i] = DateTimeBinaryFormatter.Read(ref reader);
        }

        return array;
    }
}
