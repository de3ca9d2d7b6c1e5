using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Pickling.Startup;

/// <summary>
/// Starts one fresh child process per peer and run, round after round (the peers' order turns each round, so that a
/// burst of load on the machine does not fall on one peer), and prints the medians as a markdown table.
/// </summary>
internal static class StartupRunner
{
    public static int Run(int runs, IReadOnlyList<string> peers, string? folder)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "pickle-startup-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(folder);
        var samples = peers.ToDictionary(p => p, _ => new List<Sample>());
        try
        {
            // One round first, not counted: it brings the assemblies into the page cache.
            for (var round = -1; round < runs; round++)
            {
                for (var k = 0; k < peers.Count; k++)
                {
                    var peer = peers[(k + Math.Max(round, 0)) % peers.Count];
                    var sample = RunChild(peer, folder);
                    if (round >= 0)
                    {
                        samples[peer].Add(sample);
                    }
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }

        Print(runs, peers, samples);
        return 0;
    }

    private static Sample RunChild(string peer, string folder)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        }

        start.ArgumentList.Add("--child");
        start.ArgumentList.Add(peer);
        start.ArgumentList.Add(folder);

        var before = DateTime.UtcNow.Ticks;
        var clock = Stopwatch.StartNew();
        using var child = Process.Start(start)!;
        var line = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var exited = clock.Elapsed;
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"the child for '{peer}' exited with {child.ExitCode}: {line}");
        }

        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return new Sample(
            ToMain: TimeSpan.FromTicks(parts[0] - before),
            FirstUse: TimeSpan.FromTicks(parts[1]),
            ToLoaded: TimeSpan.FromTicks(parts[2] - before),
            ToExit: exited,
            Jit: TimeSpan.FromTicks(parts[3]),
            JitMethods: parts[4],
            FirstUseCpu: TimeSpan.FromTicks(parts[5]),
            ToLoadedCpu: TimeSpan.FromTicks(parts[6]));
    }

    private static void Print(int runs, IReadOnlyList<string> peers, Dictionary<string, List<Sample>> samples)
    {
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Medians of {runs} fresh processes per peer, in ms; ratios to System.Text.Json's (stj) median; .NET {Environment.Version}, {Environment.ProcessorCount} cores, load average {LoadAverage()}."));
        Console.WriteLine();
        Table(peers, samples, "Wall clock", [
            ("Start to Main", x => x.ToMain.TotalMilliseconds, false),
            ("First save + load", x => x.FirstUse.TotalMilliseconds, true),
            ("Start to loaded", x => x.ToLoaded.TotalMilliseconds, true),
            ("Start to exit", x => x.ToExit.TotalMilliseconds, false),
        ]);
        Console.WriteLine();
        Table(peers, samples, "CPU (all threads)", [
            ("First save + load", x => x.FirstUseCpu.TotalMilliseconds, true),
            ("Start to loaded", x => x.ToLoadedCpu.TotalMilliseconds, true),
            ("JIT in first use", x => x.Jit.TotalMilliseconds, false),
            ("Methods compiled", x => x.JitMethods, false),
        ]);
    }

    private static void Table(IReadOnlyList<string> peers, Dictionary<string, List<Sample>> samples, string title, (string Name, Func<Sample, double> Of, bool Ratio)[] columns)
    {
        var json = samples.GetValueOrDefault("stj");
        var header = new List<string> { title };
        foreach (var (name, _, ratio) in columns)
        {
            header.Add(name);
            if (ratio && json is not null)
            {
                header.Add("/ STJ");
            }
        }

        Console.WriteLine("| " + string.Join(" | ", header) + " |");
        Console.WriteLine("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", header.Count - 1)));
        foreach (var peer in peers)
        {
            var cells = new List<string> { peer };
            foreach (var (_, of, ratio) in columns)
            {
                var median = Median(samples[peer], of);
                cells.Add(median.ToString("F1", CultureInfo.InvariantCulture));
                if (ratio && json is not null)
                {
                    cells.Add(Ratio(median, Median(json, of)));
                }
            }

            Console.WriteLine("| " + string.Join(" | ", cells) + " |");
        }
    }

    private static double Median(List<Sample> samples, Func<Sample, double> of)
    {
        var sorted = samples.Select(of).Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static string Ratio(double value, double baseline) =>
        baseline > 0 ? (value / baseline).ToString("F2", CultureInfo.InvariantCulture) : "";

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private readonly record struct Sample(TimeSpan ToMain, TimeSpan FirstUse, TimeSpan ToLoaded, TimeSpan ToExit, TimeSpan Jit, long JitMethods, TimeSpan FirstUseCpu, TimeSpan ToLoadedCpu);
}
