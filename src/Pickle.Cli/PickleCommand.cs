using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Text.RegularExpressions;
using Spectre.Console;

namespace Pickling.Cli;

/// <summary>The <c>pickle</c> command line: its commands, options and help, and how failures become exit codes.</summary>
internal static partial class PickleCommand
{
    // Buffered, so that the many small reads of a file of small frames (header bytes, then the frame again from its
    // start) are served from memory.
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>
    /// The command line's root. A plain command named "pickle" rather than a <see cref="RootCommand"/>, whose name would be
    /// the assembly's (Pickle.Cli) in the help, while the installed tool is run as <c>pickle</c>.
    /// </summary>
    public static Command Create(CliConsole console)
    {
        var root = new Command(
            "pickle",
            "Inspect files written by Pickle without loading any of their types: show their frames, verify their checksums, " +
            "convert their content to JSON or MessagePack, repair them by copying their intact frames. Exit codes: 0 success, 1 a file is damaged or not a pickle, 2 a file could not be read or written.")
        {
            new HelpOption(),
            new VersionOption(),
        };
        root.Subcommands.Add(ShowCommand.Create(console));
        root.Subcommands.Add(VerifyCommand.Create(console));
        root.Subcommands.Add(ConvertCommand.Create(console));
        root.Subcommands.Add(RepairCommand.Create(console));
        return root;
    }

    /// <summary>
    /// Parses <paramref name="args"/> and runs the command they name; returns the exit code. A command line that does not
    /// parse is reported in one line per error, with exit code 2, like any other failure that is not about a file's content.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = Create(console);
        var parseResult = root.Parse(args);
        if (parseResult.Action is ParseErrorAction)
        {
            foreach (var error in parseResult.Errors)
            {
                await WriteErrorAsync(console, error.Message).ConfigureAwait(false);
            }

            var command = parseResult.CommandResult.Command;
            var usage = command == root ? root.Name : $"{root.Name} {command.Name}";
            await WriteErrorAsync(console, $"run '{usage} --help' to see how to use it").ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        var configuration = new InvocationConfiguration { Output = console.Out, Error = console.Error };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a command's work, turning each expected failure into one line on standard error and its exit code.</summary>
    public static async Task<int> RunAsync(CliConsole console, Func<Task<int>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (CliException e)
        {
            await WriteErrorAsync(console, e.Message).ConfigureAwait(false);
            return e.ExitCode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await WriteErrorAsync(console, e.Message).ConfigureAwait(false);
            return ExitCodes.Failed;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await WriteErrorAsync(console, $"unexpected {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return ExitCodes.Failed;
        }
    }

    public static async Task WriteErrorAsync(CliConsole console, string message)
    {
        await console.Error.WriteLineAsync($"pickle: {OneLine(message)}").ConfigureAwait(false);
        await console.Error.FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Opens a pickle file for reading, with a message that names it when it cannot be opened.</summary>
    public static ProgressStream OpenRead(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliException($"'{path}' is a directory, not a file: name a pickle file, such as '{Path.Combine(path, "data.pickle")}'", ExitCodes.Failed);
        }

        try
        {
            return new ProgressStream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ReadBufferSize, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"cannot open '{path}': {e.Message}", ExitCodes.Failed, e);
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> over <paramref name="stream"/>, drawing a progress bar on standard error when the file
    /// is large, there is a terminal to draw on, and the bar cannot mix with output on the same terminal.
    /// </summary>
    public static async Task<T> WithProgressAsync<T>(CliConsole console, string label, ProgressStream stream, bool writesToStandardOutput, Func<Task<T>> work)
    {
        if (console.Progress is null || stream.Length < console.ProgressThreshold || (writesToStandardOutput && !console.IsOutputRedirected))
        {
            return await work().ConfigureAwait(false);
        }

        var result = default(T)!;
        await console.Progress.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(label), maxValue: stream.Length);
                stream.Progress = position => task.Value = position;
                try
                {
                    result = await work().ConfigureAwait(false);
                }
                finally
                {
                    stream.Progress = null;
                    task.StopTask();
                }
            }).ConfigureAwait(false);
        return result;
    }

    /// <summary>The one line that names a damaged frame: its number, its byte offset, and what is wrong.</summary>
    public static string DescribeDamage(string path, ScannedFrame frame) =>
        frame.IsNotAPickle
            ? $"{path}: {frame.Where}: {frame.Error!.Message}"
            : $"{path}: {frame.Where} {(frame.SignatureFailed ? "fails its signature check" : "is damaged")}: {frame.Error!.Message}";

    /// <summary>A message on one line, as every line the tool writes about an error is.</summary>
    public static string OneLine(string message) => LineBreaks().Replace(message.Trim(), " ");

    [GeneratedRegex(@"\s*[\r\n\t]+\s*")]
    private static partial Regex LineBreaks();

    /// <summary>Reads the frames of <paramref name="stream"/>, calling <paramref name="onFrame"/> for each; stops at the first damaged one.</summary>
    /// <remarks>
    /// Frames are checked without keeping their payloads (bounded memory), but for <c>json</c> frames with
    /// <paramref name="keepJsonPayloads"/> (see <see cref="FrameScanner.ScanAsync"/>); <paramref name="options"/> (<see cref="FrameScanner.ReadOptions"/>, or those with a key to check signatures with)
    /// say how frames are checked.
    /// </remarks>
    public static async Task<int> ForEachFrameAsync(
        ProgressStream stream, Func<ScannedFrame, Task> onFrame, bool keepJsonPayloads, PickleOptions options, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var frame in FrameScanner.ScanAsync(stream, options, keepJsonPayloads, cancellationToken).ConfigureAwait(false))
        {
            using (frame)
            {
                count++;
                await onFrame(frame).ConfigureAwait(false);
            }
        }

        return count;
    }

    /// <summary>The exception for a file that holds no frame at all.</summary>
    /// <summary>
    /// <paramref name="error"/>, met in the file <paramref name="path"/>, with its message starting with the path as every
    /// error about a file's content does (so that of several files, the one to look at is named).
    /// </summary>
    public static CliException InFile(string path, CliException error) =>
        error.Message.StartsWith(path + ":", StringComparison.Ordinal) || error.Message.StartsWith(path + " ", StringComparison.Ordinal)
            ? error
            : new($"{path}: {error.Message}", error.ExitCode, error.InnerException);

    public static CliException Empty(string path) =>
        new($"{path}: the file is empty, so it holds no pickle. Check the path, or write the file again with Pickle.Dump.", ExitCodes.Damaged);

    /// <summary>Checks that <paramref name="frame"/> is intact, throwing the one-line report of its damage if not.</summary>
    public static void ThrowIfDamaged(string path, ScannedFrame frame)
    {
        if (frame.Error is not null)
        {
            throw new CliException(DescribeDamage(path, frame), ExitCodes.Damaged, frame.Error);
        }
    }
}
