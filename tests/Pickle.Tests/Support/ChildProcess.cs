using System.Diagnostics;

namespace Pickling.Tests.Support;

/// <summary>
/// Starts the test assembly itself as a child process (its entry point is <see cref="CrashWriter.Main"/>), with
/// standard input and output redirected so that the test can steer it and read what it reports.
/// </summary>
public static class ChildProcess
{
    public static Process Start(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(typeof(ChildProcess).Assembly.Location);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The child process did not start.");
    }
}
