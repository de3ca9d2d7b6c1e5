namespace Pickling.Tests.Support;

/// <summary>FORMAT.md's rule for a few integers or booleans in one dimension, which are a plain MessagePack array, not a blit.</summary>
public static class PlainVectors
{
    /// <summary>Whether FORMAT.md says a vector of <paramref name="count"/> elements of <paramref name="elementType"/> is a plain array.</summary>
    public static bool IsWrittenPlain(Type elementType, int count) =>
        count <= 8 && (elementType == typeof(bool) || (elementType.IsPrimitive && elementType != typeof(char) && elementType != typeof(float)
            && elementType != typeof(double) && elementType != typeof(nint) && elementType != typeof(nuint)));

    /// <summary>A plain MessagePack array of the values, each in its smallest form.</summary>
    public static byte[] Expected(IEnumerable<object> values)
    {
        var items = values.ToList();
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var writer = new global::MessagePack.MessagePackWriter(buffer);
        writer.WriteArrayHeader(items.Count);
        foreach (var item in items)
        {
            if (item is bool flag)
            {
                writer.Write(flag);
            }
            else if (item is ulong big)
            {
                writer.Write(big);
            }
            else
            {
                writer.Write(Convert.ToInt64(item, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
