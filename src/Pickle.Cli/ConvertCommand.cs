using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pickling.Cli;

/// <summary><c>pickle convert FILE --to json|msgpack</c>: the content in a form any language reads.</summary>
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
        var file = new Argument<string>("FILE") { Description = "The pickle file to convert." };
        var to = new Option<string>("--to")
        {
            Description = "json: each frame's content as one line of JSON (JSON Lines; one frame makes a plain JSON file). " +
                "msgpack: each frame's content as one MessagePack value, one after another.",
            Required = true,
        };
        to.AcceptOnlyFromAmong("json", "msgpack");
        var output = new Option<string?>("--output", "-o") {
            Description = "The file to write (replaced only when the conversion succeeds); standard output if not given.",
            HelpName = "OUTPUT",
        };
        var command = new Command(
            "convert",
            "Write the content of every frame in a portable form, without loading any type named in the file. " +
            "Every frame is checked first; a damaged frame stops the conversion with exit code 1.")
        {
            file,
            to,
            output,
        };
        command.SetAction((parseResult, cancellationToken) =>
            PickleCommand.RunAsync(console, () => ConvertAsync(
                console, parseResult.GetValue(file)!, parseResult.GetValue(to)!, parseResult.GetValue(output), cancellationToken)));
        return command;
    }

    private static async Task<int> ConvertAsync(CliConsole console, string path, string to, string? outputPath, CancellationToken cancellationToken)
    {
        using var stream = PickleCommand.OpenRead(path);
        var temporary = outputPath is null ? null : OutputFiles.TemporaryPathFor(outputPath);
        try
        {
            var count = 0;
            using (var destination = temporary is null ? console.OpenStandardOutput() : OutputFiles.Create(temporary, outputPath!))
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
                        keepPayloads: true,
                        FrameScanner.ReadOptions,
                        cancellationToken)).ConfigureAwait(false);
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

    private static void Write(ScannedFrame frame, string to, Stream destination)
    {
        if (to == "msgpack")
        {
            ContentConverter.WriteMessagePack(frame, destination);
            return;
        }

        using (var writer = new Utf8JsonWriter(destination, JsonOptions))
        {
            ContentConverter.WriteJson(frame, writer);
        }

        destination.Write(NewLine);
    }
}
