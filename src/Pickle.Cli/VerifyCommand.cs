using System.CommandLine;
using System.Globalization;

namespace Pickling.Cli;

/// <summary><c>pickle verify FILE...</c>: checks every frame of every file, naming the first damaged frame of each.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE") { Description = "The pickle files to verify.", Arity = ArgumentArity.OneOrMore };
        var command = new Command(
            "verify",
            "Check every frame of each file: its header, its header checksum (CRC-32) and its frame checksum (XXH3-64). " +
            "Prints one line per intact file; for a damaged file, prints one line on standard error naming the first damaged frame " +
            "and its byte offset, and exits with 1.")
        {
            files,
        };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var exitCode = ExitCodes.Success;
            foreach (var path in parseResult.GetValue(files)!)
            {
                var fileExitCode = await PickleCommand.RunAsync(console, () => VerifyAsync(console, path, cancellationToken)).ConfigureAwait(false);
                exitCode = Math.Max(exitCode, fileExitCode);
            }

            return exitCode;
        });
        return command;
    }

    private static async Task<int> VerifyAsync(CliConsole console, string path, CancellationToken cancellationToken)
    {
        using var stream = PickleCommand.OpenRead(path);
        var count = await PickleCommand.WithProgressAsync(console, $"Verifying {Path.GetFileName(path)}", stream, writesToStandardOutput: false, () =>
            PickleCommand.ForEachFrameAsync(
                stream,
                frame =>
                {
                    PickleCommand.ThrowIfDamaged(path, frame);
                    return Task.CompletedTask;
                },
                cancellationToken)).ConfigureAwait(false);

        if (count == 0)
        {
            throw PickleCommand.Empty(path);
        }

        await console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"{path}: ok, {count} frame{(count == 1 ? string.Empty : "s")}, {stream.Length:N0} bytes")).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
