using System.Runtime.Serialization.Formatters.Binary;
using System.Text;

namespace Pickling.Tests.Support;

/// <summary>
/// BinaryFormatter payloads made in a test: written by the real BinaryFormatter (the compatibility package, in the
/// test projects only), and edited as a hostile or renamed file would be.
/// </summary>
public static class NrbfBytes
{
    public static byte[] Serialize(object value)
    {
        using var stream = new MemoryStream();
#pragma warning disable SYSLIB0011
        new BinaryFormatter().Serialize(stream, value);
#pragma warning restore SYSLIB0011
        return stream.ToArray();
    }

    /// <summary>
    /// <paramref name="payload"/> with the length-prefixed string <paramref name="from"/> replaced by <paramref name="to"/>:
    /// a type or assembly renamed, as a hostile file would name them.
    /// </summary>
    public static byte[] Rename(byte[] payload, string from, string to)
    {
        var old = Prefixed(from);
        var index = payload.AsSpan().IndexOf(old);
        index.Should().BeGreaterThanOrEqualTo(0, $"the payload names '{from}'");
        return [.. payload.AsSpan(0, index), .. Prefixed(to), .. payload.AsSpan(index + old.Length)];
    }

    private static byte[] Prefixed(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var prefix = new List<byte>();
        for (var length = (uint)bytes.Length; ; length >>= 7)
        {
            prefix.Add((byte)(length >= 0x80 ? (length & 0x7F) | 0x80 : length));
            if (length < 0x80)
            {
                break;
            }
        }

        return [.. prefix, .. bytes];
    }
}
