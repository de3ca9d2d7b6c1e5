using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MessagePack;
using Pickling.Internal;

namespace Pickling.Cli;

/// <summary>
/// <c>pickle show FILE [--headers] [--max-items N]</c>: each frame's header and its content as indented JSON, written
/// out frame by frame as it is read, and each frame's MessagePack content read through a bounded window
/// (<see cref="FrameContent"/>), so that a file of any length, and a frame of any size, is shown in bounded memory.
/// </summary>
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
        var file = new Argument<string>("FILE") { Description = "The pickle file to show, or a file BinaryFormatter wrote." };
        var headers = new Option<bool>("--headers")
        {
            Description = "Print each frame's header and checksum status only, not its content (payloads are checked as they are read, never held whole).",
        };
        var maxItems = new Option<int?>("--max-items")
        {
            Description = "Show at most N elements of each array, entries of each map and characters of each string, and how many were left out.",
            HelpName = "N",
        };
        maxItems.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is < 0)
            {
                result.AddError("--max-items must be 0 or more.");
            }
        });
        var maxAllocation = AllocationOption.Create();
        var command = new Command(
            "show",
            "Print each frame's header (format, version, flags, root type, writer version, sizes, byte offset, checksum status) " +
            "and its content as indented JSON. No type named in the file is loaded: the content is read as plain MessagePack or JSON.")
        {
            file,
            headers,
            maxItems,
            maxAllocation,
        };
        command.SetAction((parseResult, cancellationToken) =>
            PickleCommand.RunAsync(console, () => ShowAsync(
                console,
                parseResult.GetValue(file)!,
                parseResult.GetValue(headers),
                parseResult.GetValue(maxItems),
                AllocationOption.Apply(FrameScanner.ReadOptions, parseResult.GetValue(maxAllocation)),
                cancellationToken)));
        return command;
    }

    private static async Task<int> ShowAsync(
        CliConsole console, string path, bool headersOnly, int? maxItems, PickleOptions options, CancellationToken cancellationToken)
    {
        using var stream = PickleCommand.OpenRead(path);
        if (BinaryFormatterFiles.StartsAsBinaryFormatter(stream))
        {
            var payload = BinaryFormatterFiles.Read(path, stream);
            try
            {
                BinaryFormatterFiles.Show(path, payload, stream.Length, console.Out, headersOnly, maxItems, JsonOptions);
            }
            finally
            {
                await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            return ExitCodes.Success;
        }

        ScannedFrame? damaged = null;
        int count;
        try
        {
            count = await PickleCommand.WithProgressAsync(console, $"Reading {Path.GetFileName(path)}", stream, writesToStandardOutput: true, () =>
                PickleCommand.ForEachFrameAsync(
                    stream,
                    async frame =>
                    {
                        // Each frame is written out as soon as it is read, so that what came before a failure is shown.
                        Describe(frame, console.Out, headersOnly, maxItems);
                        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
                        if (frame.Error is not null)
                        {
                            damaged = frame;
                        }
                    },
                    keepJsonPayloads: !headersOnly,
                    options,
                    cancellationToken)).ConfigureAwait(false);
            if (count > 0 && damaged is null)
            {
                await console.Out.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{path}: {Plural(count, "frame")}, {Plural(stream.Length, "byte")}, every checksum matches")).ConfigureAwait(false);
            }
        }
        catch (CliException e)
        {
            throw PickleCommand.InFile(path, e);
        }
        finally
        {
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

    private static void Describe(ScannedFrame frame, TextWriter text, bool headersOnly, int? maxItems)
    {
        var header = frame.Header;
        text.WriteLine(frame.Where);
        if (frame.IsNotAPickle)
        {
            Line(text, "not a pickle", $"its bytes do not start with the magic bytes {Convert.ToHexString(FrameHeader.Magic)}");
            text.WriteLine();
            return;
        }

        if (header is { } known)
        {
            Line(text, "format", known.Format);
            Line(text, "version", known.Version.ToString(CultureInfo.InvariantCulture));
        }

        if (frame.Flags is { } flags)
        {
            Line(text, "flags", ScannedFrame.DescribeFlags(flags));
        }

        if (header is { } parsed)
        {
            if (frame.RootTypeName is { } rootType)
            {
                Line(text, "root type", rootType);
            }

            if (parsed.Version == 1)
            {
                Line(text, "writer version", parsed.WriterVersion);
            }

            Line(text, "header size", Plural(parsed.Length, "byte"));
            Line(text, "payload size", Plural(parsed.PayloadLength, "byte"));
        }

        if (frame.Error is not null)
        {
            Line(text, "checksum", "DAMAGED");
            text.WriteLine();
            return;
        }

        Line(text, "frame size", Plural(frame.End - frame.Offset, "byte"));
        Line(text, "checksum", "ok");
        if (headersOnly)
        {
            text.WriteLine();
            return;
        }

        if (!ContentConverter.CanConvert(header!.Value.Format))
        {
            Line(text, "content", $"not shown: pickle reads '{MessagePackPickleSerializer.FormatName}' and '{SystemTextJsonPickleSerializer.FormatName}' content only");
            text.WriteLine();
            return;
        }

        text.WriteLine("  content:");
        using (var output = new TextWriterBufferWriter(text))
        {
            using (var writer = new Utf8JsonWriter(output, JsonOptions))
            {
                WriteContent(frame, writer, maxItems);
            }

            output.Flush();
        }

        text.WriteLine();
        text.WriteLine();
    }

    /// <summary>The frame's content as JSON, all of it, or with <paramref name="maxItems"/>, cut as <see cref="LimitedValueSink"/> says.</summary>
    private static void WriteContent(ScannedFrame frame, Utf8JsonWriter writer, int? maxItems)
    {
        if (maxItems is not { } limit)
        {
            ContentConverter.WriteJson(frame, writer);
            return;
        }

        try
        {
            if (frame.Header!.Value.Format == MessagePackPickleSerializer.FormatName)
            {
                ContentConverter.Convert(frame, new LimitedValueSink(new JsonValueSink(writer), limit));
            }
            else
            {
                LimitedJson.Copy(frame.Value, writer, limit);
            }
        }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or JsonException or InvalidOperationException or ArgumentException or PickleException)
        {
            throw new CliException(
                $"{frame.Where} passed its checksum, but its '{frame.Header!.Value.Format}' content is not valid: {e.Message}", ExitCodes.Damaged, e);
        }
    }

    private static void Line(TextWriter text, string name, string value)
    {
        text.Write("  ");
        text.Write((name + ":").PadRight(16));
        text.WriteLine(value);
    }

    private static string Plural(long count, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}{(count == 1 ? string.Empty : "s")}");
}
