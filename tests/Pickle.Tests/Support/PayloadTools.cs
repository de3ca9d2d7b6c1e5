using System.Buffers;
using MessagePack;

namespace Pickling.Tests.Support;

/// <summary>Builds MessagePack payloads by hand, to feed Pickle values it would never write itself.</summary>
internal static class PayloadTools
{
    /// <summary>A version-1 frame around a raw payload, which holds the value alone (see <see cref="RawFrames.Build"/>).</summary>
    public static byte[] Frame(byte[] payload) => RawFrames.Build(payload);

    /// <summary><c>[ext 80 [id, typeName], contents]</c>.</summary>
    public static byte[] Tagged(string? typeName, byte[] contents, int? id = null) =>
        Write((ref MessagePackWriter writer) =>
        {
            writer.WriteArrayHeader(2);
            WriteHeader(ref writer, id, typeName);
            writer.WriteRaw(contents);
        });

    public static void WriteHeader(ref MessagePackWriter writer, int? id, object? type)
    {
        var body = Write((ref MessagePackWriter w) =>
        {
            if (id is { } i)
            {
                w.Write(i);
            }
            else
            {
                w.WriteNil();
            }

            switch (type)
            {
                case string name:
                    w.Write(name);
                    break;
                case int index:
                    w.Write(index);
                    break;
                default:
                    w.WriteNil();
                    break;
            }
        });
        writer.WriteExtensionFormatHeader(new ExtensionHeader(80, body.Length));
        writer.WriteRaw(body);
    }

    public static byte[] BackReference(int id) => Write((ref MessagePackWriter writer) =>
    {
        writer.WriteExtensionFormatHeader(new ExtensionHeader(81, 1));
        writer.Write(id);
    });

    public static byte[] Map(params (string Key, object Value)[] entries) => Write((ref MessagePackWriter writer) =>
    {
        writer.WriteMapHeader(entries.Length);
        foreach (var (key, value) in entries)
        {
            writer.Write(key);
            switch (value)
            {
                case int i:
                    writer.Write(i);
                    break;
                case string s:
                    writer.Write(s);
                    break;
                case byte[] raw:
                    writer.WriteRaw(raw);
                    break;
                default:
                    writer.WriteNil();
                    break;
            }
        }
    });

    public delegate void WriteAction(ref MessagePackWriter writer);

    public static byte[] Write(WriteAction write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new MessagePackWriter(buffer);
        write(ref writer);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }
}
