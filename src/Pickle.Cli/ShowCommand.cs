using System.Buffers;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Pickling.Internal;

namespace Pickling.Cli;

/// <summary><c>pickle show FILE</c>: each frame's header and its content as indented JSON.</summary>
internal static class ShowCommand
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = ContentConverter.MaxDepth + 2,
    };

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The pickle file to show." };
        var command = new Command(
            "show",
            "Print each frame's header (format, version, flags, root type, writer version, sizes, byte offset, checksum status) " +
            "and its content as indented JSON. No type named in the file is loaded: the content is read as plain MessagePack or JSON.")
        {
            file,
        };
        command.SetAction((parseResult, cancellationToken) =>
            PickleCommand.RunAsync(console, () => ShowAsync(console, parseResult.GetValue(file)!, cancellationToken)));
        return command;
    }

    private static async Task<int> ShowAsync(CliConsole console, string path, CancellationToken cancellationToken)
    {
        using var stream = PickleCommand.OpenRead(path);
        var text = new StringBuilder();
        ScannedFrame? damaged = null;
        int count;
        try
        {
            count = await PickleCommand.WithProgressAsync(console, $"Reading {Path.GetFileName(path)}", stream, writesToStandardOutput: true, () =>
                PickleCommand.ForEachFrameAsync(
                    stream,
                    frame =>
                    {
                        Describe(frame, text);
                        if (frame.Error is not null)
                        {
                            damaged = frame;
                        }

                        return Task.CompletedTask;
                    },
                    keepPayloads: true,
                    FrameScanner.ReadOptions,
                    cancellationToken)).ConfigureAwait(false);
            if (count > 0 && damaged is null)
            {
                text.Append(CultureInfo.InvariantCulture, $"{path}: {Plural(count, "frame")}, {Plural(stream.Length, "byte")}, every checksum matches").AppendLine();
            }
        }
        finally
        {
            // What was read before a failure is shown, so that the error that follows has its context.
            await console.Out.WriteAsync(text, cancellationToken).ConfigureAwait(false);
            await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        if (count == 0)
        {
            throw PickleCommand.Empty(path);
        }

        if (damaged is not null)
        {
            PickleCommand.ThrowIfDamaged(path, damaged);
        }

        return ExitCodes.Success;
    }

    private static void Describe(ScannedFrame frame, StringBuilder text)
    {
        var header = frame.Header;
        text.AppendLine(frame.Where);
        if (header is not null)
        {
            Line(text, "format", header.Format);
            Line(text, "version", FrameHeader.CurrentVersion.ToString(CultureInfo.InvariantCulture));
        }

        if (frame.Flags is { } flags)
        {
            Line(text, "flags", ScannedFrame.DescribeFlags(flags));
        }

        if (header is not null)
        {
            Line(text, "root type", header.TypeName);
            Line(text, "writer version", header.WriterVersion);
            Line(text, "header size", Plural(header.Length, "byte"));
            Line(text, "payload size", Plural(header.PayloadLength, "byte"));
        }

        if (frame.Error is not null)
        {
            Line(text, "checksum", "DAMAGED");
            text.AppendLine();
            return;
        }

        Line(text, "frame size", Plural(frame.End - frame.Offset, "byte"));
        Line(text, "checksum", "ok");
        if (!ContentConverter.CanConvert(header!.Format))
        {
            Line(text, "content", $"not shown: pickle reads '{MessagePackPickleSerializer.FormatName}' and '{SystemTextJsonPickleSerializer.FormatName}' content only");
            text.AppendLine();
            return;
        }

        text.AppendLine("  content:");
        var json = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(json, JsonOptions))
        {
            ContentConverter.WriteJson(frame, writer);
        }

        text.AppendLine(Encoding.UTF8.GetString(json.WrittenSpan)).AppendLine();
    }

    private static void Line(StringBuilder text, string name, string value) =>
        text.Append("  ").Append((name + ":").PadRight(16)).AppendLine(value);

    private static string Plural(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");
}
