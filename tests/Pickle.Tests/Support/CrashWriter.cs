using Pickling.Tests.Models;

namespace Pickling.Tests.Support;

/// <summary>
/// The test assembly's entry point, used as a child process (see <see cref="ChildProcess"/>): by the crash test,
/// <c>dotnet Pickle.Tests.dll crash-writer PATH</c> dumps ever newer <see cref="CrashState"/> values to PATH with
/// DumpToFile until it is killed, printing "ready" once the first one is in place; by the concurrency tests,
/// <c>dump-loop PATH COUNT</c> runs <see cref="DumpLoop"/>; by the append crash test, <c>append-writer PATH RUN</c>
/// runs <see cref="AppendWriter"/>.
/// </summary>
public static class CrashWriter
{
    public const string Command = "crash-writer";

    public static int Main(string[] args)
    {
        switch (args)
        {
            case [Command, var path]:
                return Run(path);
            case [DumpLoop.Command, var path, var count]:
                return DumpLoop.Run(path, count);
            case [AppendWriter.Command, var path, var run]:
                return AppendWriter.Run(path, run);
            default:
                Console.Error.WriteLine($"usage: Pickle.Tests {Command} PATH | {DumpLoop.Command} PATH COUNT | {AppendWriter.Command} PATH RUN");
                return 2;
        }
    }

    private static int Run(string path)
    {
        for (long sequence = 0; ; sequence++)
        {
            Pickle.DumpToFile(CrashState.Create(sequence), path);
            if (sequence == 0)
            {
                Console.WriteLine("ready");
                Console.Out.Flush();
            }
        }
    }
}
