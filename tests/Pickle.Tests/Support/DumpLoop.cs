using System.Globalization;

namespace Pickling.Tests.Support;

/// <summary>
/// Many DumpToFile calls to one shared target, from threads of the test or from a child process: <c>dotnet
/// Pickle.Tests.dll dump-loop PATH COUNT</c> prints "ready", waits for a line on standard input, dumps COUNT values to
/// PATH, prints one line per call that failed and then "done".
/// </summary>
public static class DumpLoop
{
    public const string Command = "dump-loop";

    private const int Length = 4096;

    public static int Run(string path, string count)
    {
        Console.WriteLine("ready");
        Console.Out.Flush();
        _ = Console.ReadLine();
        for (var i = 0; i < int.Parse(count, CultureInfo.InvariantCulture); i++)
        {
            if (TryDump(path, i) is { } error)
            {
                Console.WriteLine(error);
            }
        }

        Console.WriteLine("done");
        return 0;
    }

    /// <summary>A value whose parts all repeat <paramref name="sequence"/>, so a torn file shows.</summary>
    public static long[] Value(long sequence) => Enumerable.Repeat(sequence, Length).ToArray();

    /// <summary>Dumps <see cref="Value"/> to <paramref name="path"/>; returns what went wrong, or null.</summary>
    public static string? TryDump(string path, long sequence)
    {
        try
        {
            Pickle.DumpToFile(Value(sequence), path);
            return null;
        }
        catch (Exception e)
        {
            return $"DumpToFile: {e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>Loads <paramref name="path"/>; returns what went wrong, or null if it held one whole value.</summary>
    public static string? TryLoad(string path)
    {
        try
        {
            var value = Pickle.LoadFromFile<long[]>(path);
            return value.Length == Length && value.All(x => x == value[0]) ? null : "LoadFromFile: a torn value";
        }
        catch (Exception e)
        {
            return $"LoadFromFile: {e.GetType().Name}: {e.Message}";
        }
    }
}
