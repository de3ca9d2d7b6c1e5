namespace Pickling.Cli;

/// <summary>A failure that the tool reports as one line on standard error, with its own exit code.</summary>
internal sealed class CliException(string message, int exitCode, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int ExitCode { get; } = exitCode;
}
