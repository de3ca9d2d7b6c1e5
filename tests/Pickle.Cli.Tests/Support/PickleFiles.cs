using System.Buffers.Binary;
using System.IO.Hashing;
using Pickling.Tests.Support;

namespace Pickling.Cli.Tests.Support;

/// <summary>Real pickle files for the commands to read: good ones written by Pickle, and damaged copies of them.</summary>
public static class PickleFiles
{
    public static string Write<T>(string path, T value, PickleOptions? options = null)
    {
        Pickle.DumpToFile(value, path, options);
        return path;
    }

    /// <summary>Writes one frame per value, one after another in one file.</summary>
    public static string WriteMany(string path, params object[] values)
    {
        using var stream = Pickle.OpenWrite(path);
        foreach (var value in values)
        {
            Pickle.Dump(value, stream);
        }

        return path;
    }

    /// <summary>
    /// Writes one version-3 msgpack frame whose flags name <paramref name="codec"/> around the stored
    /// <paramref name="payload"/>, as given, with checksums that match it: a payload as a faulty writer would compress it.
    /// </summary>
    public static string WriteCompressedPayload(string path, PickleCompression codec, byte[] payload)
    {
        var frame = FrameBuilder.CompactFrame(payload);
        frame[5] = (byte)((int)codec << 1);
        File.WriteAllBytes(path, FrameBuilder.Reseal(frame));
        return path;
    }

    /// <summary>Copies <paramref name="source"/> without its last <paramref name="bytesRemoved"/> bytes.</summary>
    public static string Truncate(string source, string path, int bytesRemoved)
    {
        var bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(path, bytes[..^bytesRemoved]);
        return path;
    }

    /// <summary>Copies <paramref name="source"/> with one bit flipped in the byte at <paramref name="offset"/> (from the end when negative).</summary>
    public static string FlipBit(string source, string path, int offset)
    {
        var bytes = File.ReadAllBytes(source);
        bytes[offset < 0 ? bytes.Length + offset : offset] ^= 0x10;
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Copies a one-frame file with its flags byte set to <paramref name="flags"/> and its header checksum made to match.</summary>
    public static string SetFlags(string source, string path, byte flags)
    {
        var bytes = File.ReadAllBytes(source);
        bytes[5] = flags;
        var crcOffset = HeaderChecksumOffset(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(crcOffset), Crc32.HashToUInt32(bytes.AsSpan(0, crcOffset)));
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// The offset of the header's CRC-32. Version 1: after magic, version, flags, three short strings and the payload
    /// length. Version 2: after magic, version, flags, the format code (and a named format) and the varint length.
    /// </summary>
    public static int HeaderChecksumOffset(byte[] frame)
    {
        var position = 6;
        if (frame[4] == 1)
        {
            for (var i = 0; i < 3; i++)
            {
                position += frame[position] + 1;
            }

            return position + 8;
        }

        if (frame[position++] == 0)
        {
            position += frame[position] + 1;
        }

        while (frame[position++] >= 0x80)
        {
        }

        return position;
    }
}
