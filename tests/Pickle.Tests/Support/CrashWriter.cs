using Pickling.Tests.Models;

namespace Pickling.Tests.Support;

/// <summary>
/// The test assembly's entry point, used as a child process by the crash test: <c>dotnet Pickle.Tests.dll
/// crash-writer PATH</c> dumps ever newer <see cref="CrashState"/> values to PATH with DumpToFile until it is killed,
/// printing "ready" once the first one is in place.
/// </summary>
public static class CrashWriter
{
    public const string Command = "crash-writer";

    public static int Main(string[] args)
    {
        if (args is not [Command, var path])
        {
            Console.Error.WriteLine($"usage: Pickle.Tests {Command} PATH");
            return 2;
        }

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
