using Pickling.Cli.Tests.Support;
using Pickling.Tests.Support;
using Spectre.Console;

namespace Pickling.Cli.Tests;

public sealed class PickleCommandTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Help_NoCommand_ListsTheThreeCommands()
    {
        var run = await CliRun.InvokeAsync("--help");

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain("show").And.Contain("verify").And.Contain("convert").And.Contain("repair").And.Contain("Exit codes");
    }

    [Theory]
    [InlineData("show", "indented JSON")]
    [InlineData("verify", "byte offset")]
    [InlineData("convert", "--to")]
    [InlineData("repair", "--output")]
    public async Task Help_Command_DocumentsIt(string command, string expected)
    {
        var run = await CliRun.InvokeAsync(command, "--help");

        run.ExitCode.Should().Be(0);
        run.Out.Should().Contain(expected).And.Contain($"pickle {command} <FILE>");
    }

    [Fact]
    public async Task Invoke_UnknownCommand_FailsAsAUsageError()
    {
        var run = await CliRun.InvokeAsync("explode");

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("pickle: Unrecognized command or argument 'explode'.")
            .And.EndWith($"pickle: run 'pickle --help' to see how to use it{Environment.NewLine}");
    }

    [Fact]
    public async Task Invoke_ProgressTerminal_DrawsProgressOnItAndKeepsOutputClean()
    {
        var path = PickleFiles.Write(_directory.File("big.pickle"), Enumerable.Range(0, 50_000).ToArray());
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var terminal = new StringWriter();
        var console = new CliConsole
        {
            Out = output,
            Error = error,
            OpenStandardOutput = () => Stream.Null,
            Progress = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(terminal),
                Ansi = AnsiSupport.Yes,
                Interactive = InteractionSupport.Yes,
            }),
            ProgressThreshold = 1,
        };

        var exitCode = await PickleCommand.InvokeAsync(["verify", path], console);

        exitCode.Should().Be(0);
        output.ToString().Should().Be($"{path}: ok, 1 frame, {new FileInfo(path).Length:N0} bytes{Environment.NewLine}");
        terminal.ToString().Should().Contain("Verifying big.pickle");
        error.ToString().Should().BeEmpty();
    }
}
