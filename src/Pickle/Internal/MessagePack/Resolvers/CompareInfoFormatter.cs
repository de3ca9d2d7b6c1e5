using System.Globalization;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// A <see cref="CompareInfo"/>, which .NET keeps one of per culture: written as its culture's name, and loaded as
/// that culture's own (<see cref="CompareInfo.GetCompareInfo(string)"/>), as string comparers and SqlString hold it.
/// </summary>
internal sealed class CompareInfoFormatter : IMessagePackFormatter<CompareInfo?>
{
    public void Serialize(ref MessagePackWriter writer, CompareInfo? value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        writer.Write(value.Name);
    }

    public CompareInfo? Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        if (reader.TryReadNil())
        {
            return null;
        }

        if (reader.NextMessagePackType != MessagePackType.String)
        {
            throw new PickleException(
                $"A System.Globalization.CompareInfo must be its culture's name, but the pickle holds a {reader.NextMessagePackType}. The file is damaged or was not written from these types.");
        }

        var name = reader.ReadString()!;
        CompareInfo compareInfo;
        try
        {
            compareInfo = CompareInfo.GetCompareInfo(name);
        }
        catch (Exception e) when (e is CultureNotFoundException or ArgumentException)
        {
            throw new PickleException(
                $"The pickle holds the string comparison rules of the culture '{name}', which this machine does not have. " +
                "Load it where that culture is installed (not in invariant globalization mode), or dump it with an ordinal or invariant comparer.", e);
        }

        GraphState.Created(options, compareInfo);
        return compareInfo;
    }
}
