using Spectre.Console;

namespace Pickling.Cli;

/// <summary>
/// Where the commands write: text to <see cref="Out"/>, binary output to <see cref="OpenStandardOutput"/>, errors to
/// <see cref="Error"/>, and progress bars to <see cref="Progress"/> when there is a terminal to draw them on.
/// Tests pass writers of their own; <see cref="System"/> is the real console.
/// </summary>
internal sealed class CliConsole
{
    /// <summary>Files at least this large show a progress bar while they are read.</summary>
    public const long DefaultProgressThreshold = 16 * 1024 * 1024;

    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    /// <summary>Opens standard output for binary data (<c>convert --to msgpack</c>, <c>convert --to json</c> without <c>-o</c>).</summary>
    public required Func<Stream> OpenStandardOutput { get; init; }

    /// <summary>The terminal that progress bars are drawn on, or <see langword="null"/> to draw none.</summary>
    public IAnsiConsole? Progress { get; init; }

    /// <summary>Whether standard output goes to a file or pipe, so that a progress bar cannot garble it.</summary>
    public bool IsOutputRedirected { get; init; } = true;

    public long ProgressThreshold { get; init; } = DefaultProgressThreshold;

    public static CliConsole System() => new()
    {
        Out = Console.Out,
        Error = Console.Error,
        OpenStandardOutput = Console.OpenStandardOutput,
        IsOutputRedirected = Console.IsOutputRedirected,
        Progress = Console.IsErrorRedirected
            ? null
            : AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
    };
}
