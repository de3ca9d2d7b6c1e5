using System.CommandLine;
using System.Globalization;

namespace Pickling.Cli;

/// <summary><c>pickle verify FILE... [--key-file K]</c>: checks every frame of every file, naming the first damaged frame of each.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("FILE") { Description = "The pickle files to verify.", Arity = ArgumentArity.OneOrMore };
        var keyFile = new Option<string?>("--key-file")
        {
            Description = "A file whose bytes, all of them and nothing else, are the signing key (PickleOptions.SigningKey, at least 16 bytes): " +
                "every frame must then be signed with it.",
            HelpName = "K",
        };
        var command = new Command(
            "verify",
            "Check every frame of each file: its header, its header checksum (CRC-32) and its frame checksum (XXH3-64), and with --key-file " +
            "its HMAC-SHA256 signature. Prints one line per intact file; for a damaged file, prints one line on standard error naming the first " +
            "damaged frame and its byte offset, and exits with 1. Payloads are checked as they are read, never held whole.")
        {
            files,
            keyFile,
        };
        command.SetAction((parseResult, cancellationToken) => PickleCommand.RunAsync(console, async () =>
        {
            var options = parseResult.GetValue(keyFile) is { } keyPath ? WithKey(FrameScanner.ReadOptions, keyPath) : FrameScanner.ReadOptions;
            var worst = ExitCodes.Success;
            foreach (var path in parseResult.GetValue(files)!)
            {
                var fileExitCode = await PickleCommand.RunAsync(console, () => VerifyAsync(console, path, options, cancellationToken)).ConfigureAwait(false);
                worst = Math.Max(worst, fileExitCode);
            }

            return worst;
        }));
        return command;
    }

    /// <summary>The options with the key that <paramref name="keyPath"/> holds, byte for byte.</summary>
    private static PickleOptions WithKey(PickleOptions options, string keyPath)
    {
        byte[] key;
        try
        {
            key = File.ReadAllBytes(keyPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot read the key file '{keyPath}': {e.Message}", ExitCodes.Failed, e);
        }

        try
        {
            return options with { SigningKey = key };
        }
        catch (ArgumentException e)
        {
            throw new CliException(
                $"the key file '{keyPath}' holds {key.Length:N0} bytes, but a signing key has at least 16: the file's bytes, all of them, are the key " +
                "(write it with File.WriteAllBytes, or 'head -c 32 /dev/urandom > key.bin'; a text editor's newline would be part of it)",
                ExitCodes.Failed,
                e);
        }
    }

    private static async Task<int> VerifyAsync(CliConsole console, string path, PickleOptions options, CancellationToken cancellationToken)
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
                keepJsonPayloads: false,
                options,
                cancellationToken)).ConfigureAwait(false);

        if (count == 0)
        {
            throw PickleCommand.Empty(path);
        }

        var signed = options.HasSigningKey ? ", every frame signed with the key" : string.Empty;
        await console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"{path}: ok, {count} frame{(count == 1 ? string.Empty : "s")}, {stream.Length:N0} bytes{signed}")).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Success;
    }
}
