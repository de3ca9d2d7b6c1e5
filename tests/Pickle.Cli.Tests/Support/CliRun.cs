using System.Text;

namespace Pickling.Cli.Tests.Support;

/// <summary>What one in-process run of the <c>pickle</c> command line printed and returned.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error, byte[] StandardOutputBytes)
{
    /// <summary>The binary standard output read as UTF-8 text.</summary>
    public string StandardOutputText => Encoding.UTF8.GetString(StandardOutputBytes);

    /// <summary>Runs the command line with <paramref name="args"/>, capturing standard output and error.</summary>
    public static async Task<CliRun> InvokeAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var standardOutput = new MemoryStream();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            OpenStandardOutput = () => new NonClosingStream(standardOutput),
        };
        var exitCode = await PickleCommand.InvokeAsync(args, console);
        return new CliRun(exitCode, output.ToString(), error.ToString(), standardOutput.ToArray());
    }

    /// <summary>Keeps the captured bytes readable after the command disposes its output stream, as a console's stays open.</summary>
    private sealed class NonClosingStream(Stream inner) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
