using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pickling.Cli;

/// <summary>
/// <c>pickle convert FILE --to json|msgpack</c>: the content in a form any language reads; for a file BinaryFormatter
/// wrote, also <c>--to pickle</c> (the default there): the same objects as a Pickle frame.
/// </summary>
internal static class ConvertCommand
{
    private static readonly JsonWriterOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = ContentConverter.MaxDepth + 2,
    };

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static Command Create(CliConsole console)
    {
        var file = new Argument<string>("FILE") { Description = "The pickle file to convert, or a file BinaryFormatter wrote." };
        var to = new Option<string?>("--to")
        {
            Description = "json: each frame's content as one line of JSON (JSON Lines; one frame makes a plain JSON file). " +
                "msgpack: each frame's content as one MessagePack value, one after another. " +
                "pickle: a file BinaryFormatter wrote as one Pickle frame, which Pickle.Load reads (the default for such a file). " +
                "Required for a pickle file.",
        };
        to.AcceptOnlyFromAmong("json", "msgpack", "pickle");
        var output = new Option<string?>("--output", "-o") {
            Description = "The file to write (replaced only when the conversion succeeds); standard output if not given.",
            HelpName = "OUTPUT",
        };
        var maxAllocation = AllocationOption.Create();
        var command = new Command(
            "convert",
            "Write the content of every frame in a portable form, without loading any type named in the file. " +
            "Every frame is checked first; a damaged frame stops the conversion with exit code 1.")
        {
            file,
            to,
            output,
            maxAllocation,
        };
        command.SetAction((parseResult, cancellationToken) =>
            PickleCommand.RunAsync(console, () => ConvertAsync(
                console,
                parseResult.GetValue(file)!,
                parseResult.GetValue(to),
                parseResult.GetValue(output),
                AllocationOption.Apply(FrameScanner.ReadOptions, parseResult.GetValue(maxAllocation)),
                cancellationToken)));
        return command;
    }

    private static async Task<int> ConvertAsync(
        CliConsole console, string path, string? to, string? outputPath, PickleOptions options, CancellationToken cancellationToken)
    {
        using var stream = PickleCommand.OpenRead(path);
        if (BinaryFormatterFiles.StartsAsBinaryFormatter(stream))
        {
            var payload = BinaryFormatterFiles.Read(path, stream);
            await WriteOutputAsync(console, outputPath, destination => WriteBinaryFormatterAsync(path, payload, to ?? "pickle", destination, cancellationToken)).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        if (to is null or "pickle")
        {
            throw new CliException(
                to is null
                    ? $"{path} is a pickle file: say what to convert it to with --to json or --to msgpack"
                    : $"{path} is a pickle file already: --to pickle converts files that BinaryFormatter wrote; use --to json or --to msgpack",
                ExitCodes.Failed);
        }

        var temporary = outputPath is null ? null : OutputFiles.TemporaryPathFor(outputPath);
        try
        {
            var count = 0;
            using (var destination = temporary is null ? console.OpenStandardOutput() : OutputFiles.Create(temporary, outputPath!))
            {
                try
                {
                    count = await PickleCommand.WithProgressAsync(console, $"Converting {Path.GetFileName(path)}", stream, writesToStandardOutput: outputPath is null, () =>
                        PickleCommand.ForEachFrameAsync(
                            stream,
                            async frame =>
                            {
                                PickleCommand.ThrowIfDamaged(path, frame);
                                Write(frame, to, destination);
                                await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
                            },
                            keepJsonPayloads: true,
                            options,
                            cancellationToken)).ConfigureAwait(false);
                }
                catch (CliException e)
                {
                    throw PickleCommand.InFile(path, e);
                }
            }

            if (count == 0)
            {
                throw PickleCommand.Empty(path);
            }

            if (temporary is not null)
            {
                File.Move(temporary, outputPath!, overwrite: true);
                temporary = null;
            }

            return ExitCodes.Success;
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Writes to <paramref name="outputPath"/> (replaced only once the whole output is written) or to standard output.</summary>
    private static async Task WriteOutputAsync(CliConsole console, string? outputPath, Func<Stream, Task> write)
    {
        var temporary = outputPath is null ? null : OutputFiles.TemporaryPathFor(outputPath);
        try
        {
            using (var destination = temporary is null ? console.OpenStandardOutput() : OutputFiles.Create(temporary, outputPath!))
            {
                await write(destination).ConfigureAwait(false);
            }

            if (temporary is not null)
            {
                File.Move(temporary, outputPath!, overwrite: true);
                temporary = null;
            }
        }
        finally
        {
            if (temporary is not null)
            {
                File.Delete(temporary);
            }
        }
    }

    private static async Task WriteBinaryFormatterAsync(string path, Internal.Nrbf.NrbfPayload payload, string to, Stream destination, CancellationToken cancellationToken)
    {
        switch (to)
        {
            case "pickle":
                await BinaryFormatterFiles.WriteFrameAsync(path, payload, destination, cancellationToken).ConfigureAwait(false);
                break;
            case "msgpack":
                var sink = new MessagePackValueSink(destination);
                BinaryFormatterFiles.WriteContent(path, payload, sink);
                sink.Flush();
                break;
            default:
                using (var writer = new Utf8JsonWriter(destination, JsonOptions))
                {
                    BinaryFormatterFiles.WriteContent(path, payload, new JsonValueSink(writer));
                }

                destination.Write(NewLine);
                break;
        }

        await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Write(ScannedFrame frame, string to, Stream destination)
    {
        if (to == "msgpack")
        {
            ContentConverter.WriteMessagePack(frame, destination);
            return;
        }

        using (var output = new StreamBufferWriter(destination))
        using (var writer = new Utf8JsonWriter(output, JsonOptions))
        {
            ContentConverter.WriteJson(frame, writer);
        }

        destination.Write(NewLine);
    }
}
