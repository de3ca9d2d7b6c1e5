using System.Formats.Nrbf;
using System.Globalization;
using System.Text.Json;
using Pickling.Internal;
using Pickling.Internal.Nrbf;

namespace Pickling.Cli;

/// <summary>
/// Files written by BinaryFormatter, which <c>pickle show</c> and <c>pickle convert</c> read too: their records are
/// read by the library's <see cref="NrbfPayload"/> (System.Formats.Nrbf), and no type they name is created.
/// </summary>
internal static class BinaryFormatterFiles
{
    /// <summary>True if <paramref name="stream"/>, a file at its start, begins as a BinaryFormatter payload does; the position is kept.</summary>
    public static bool StartsAsBinaryFormatter(Stream stream)
    {
        try
        {
            return stream.CanSeek && NrbfDecoder.StartsWithPayloadHeader(stream);
        }
        catch (Exception e) when (e is EndOfStreamException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>Reads the payload at the start of the file, with the library's message, naming the file, if it is not valid.</summary>
    public static NrbfPayload Read(string path, Stream stream)
    {
        try
        {
            return NrbfPayload.Read(stream);
        }
        catch (PickleException e)
        {
            throw Invalid(path, e);
        }
    }

    /// <summary>The error for a payload whose records cannot be shown or converted.</summary>
    public static CliException Invalid(string path, Exception e) => new($"{path}: {e.Message}", ExitCodes.Damaged, e);

    /// <summary>What <c>pickle show</c> prints for a BinaryFormatter file: a header, the content (unless <paramref name="headersOnly"/>), a summary.</summary>
    public static void Show(string path, NrbfPayload payload, long fileLength, TextWriter text, bool headersOnly, int? maxItems, JsonWriterOptions jsonOptions)
    {
        text.WriteLine("BinaryFormatter payload at byte offset 0");
        Line(text, "format", "BinaryFormatter (NRBF), read without creating any type");
        Line(text, "root type", NrbfTypeNames.PickleName(payload.Root.TypeName));
        Line(text, "records", payload.Records.Count.ToString("N0", CultureInfo.InvariantCulture));
        Line(text, "payload size", Bytes(payload.Length));
        if (!headersOnly)
        {
            text.WriteLine("  content:");
            using (var output = new TextWriterBufferWriter(text))
            {
                using (var writer = new Utf8JsonWriter(output, jsonOptions))
                {
                    WriteContent(path, payload, new JsonValueSink(writer), maxItems);
                }

                output.Flush();
            }

            text.WriteLine();
        }

        text.WriteLine();
        var rest = fileLength - payload.Length;
        text.WriteLine(rest > 0
            ? $"{path}: a BinaryFormatter payload of {Bytes(payload.Length)}, then {Bytes(rest)} that are not part of it"
            : $"{path}: a BinaryFormatter payload of {Bytes(payload.Length)}; 'pickle convert {path} -o FILE.pickle' rewrites it as a pickle");
    }

    /// <summary>Writes the payload's content to <paramref name="sink"/>, all of it or, with <paramref name="maxItems"/>, cut as <see cref="LimitedValueSink"/> says.</summary>
    public static void WriteContent(string path, NrbfPayload payload, IValueSink sink, int? maxItems = null)
    {
        try
        {
            BinaryFormatterContent.Write(payload, maxItems is { } limit ? new LimitedValueSink(sink, limit) : sink);
        }
        catch (Exception e) when (e is PickleException or InvalidOperationException or NotSupportedException or System.Runtime.Serialization.SerializationException)
        {
            throw Invalid(path, e);
        }
    }

    /// <summary>Writes the payload as one Pickle frame, which loads with <c>Pickle.Load</c> in a program that has the types.</summary>
    public static async Task WriteFrameAsync(string path, NrbfPayload payload, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = new SegmentedBuffer();
        try
        {
            NrbfPickleWriter.Write(payload, buffer);
        }
        catch (Exception e) when (e is PickleException or InvalidOperationException or NotSupportedException or System.Runtime.Serialization.SerializationException)
        {
            buffer.Dispose();
            throw new CliException($"{path}: {e.Message}", ExitCodes.Damaged, e);
        }

        using var frame = new OutgoingFrame(MessagePackPickleSerializer.FormatName, buffer, PickleOptions.Default);
        await frame.WriteToAsync(destination, useAsync: true, cancellationToken).ConfigureAwait(false);
    }

    private static void Line(TextWriter text, string name, string value)
    {
        text.Write("  ");
        text.Write((name + ":").PadRight(16));
        text.WriteLine(value);
    }

    private static string Bytes(long count) => string.Create(CultureInfo.InvariantCulture, $"{count:N0} byte{(count == 1 ? string.Empty : "s")}");
}
