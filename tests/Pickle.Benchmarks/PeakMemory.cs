using System.Diagnostics;
using System.Globalization;

namespace Pickling.Benchmarks;

/// <summary>
/// Measures the peak resident memory of dumping one large <c>float[]</c> to a file and of loading it back, against the
/// array's own size (the large-data target: the array plus at most 64 MiB). Linux only: it reads the peak from
/// <c>/proc/self/status</c> (VmHWM) after resetting it through <c>/proc/self/clear_refs</c>. The load runs in a
/// fresh process, so that memory the dump phase freed cannot hide what the load needs.
/// </summary>
/// <remarks>
/// <c>dotnet run -c Release --project tests/Pickle.Benchmarks -- --peak-memory [--elements N] [--folder DIR]</c>
/// (750,000,000 elements, a 3 GB file, by default; the folder must have room for it).
/// </remarks>
internal static class PeakMemory
{
    public const string LoadPhase = "--peak-memory-load";

    private const double MiB = 1024 * 1024;

    public static int Run(long elements, string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            Console.Error.WriteLine("--peak-memory reads /proc/self/status and runs on Linux only.");
            return 2;
        }

        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"peak-memory-{Environment.ProcessId}.pickle");
        try
        {
            var values = GC.AllocateUninitializedArray<float>(checked((int)elements));
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = i % 1_000_003;
            }

            var arrayBytes = values.Length * 4L;
            var (baseline, peak) = Measure(() => Pickle.DumpToFile(values, path));
            Console.WriteLine($"float[] of {elements:N0} elements: {arrayBytes / MiB:N0} MiB; file {new FileInfo(path).Length:N0} bytes");
            Console.WriteLine($"dump: peak {peak / MiB:N0} MiB, {(peak - baseline) / MiB:N1} MiB over the process with the array already in memory (target: at most 64)");
            GC.KeepAlive(values);

            // The same program again: through the dotnet host when it runs as a .dll, else its own executable.
            var start = new ProcessStartInfo(Environment.ProcessPath!) { UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
            {
                start.ArgumentList.Add(typeof(PeakMemory).Assembly.Location);
            }

            start.ArgumentList.Add(LoadPhase);
            start.ArgumentList.Add(path);
            start.ArgumentList.Add(elements.ToString(CultureInfo.InvariantCulture));
            using var child = Process.Start(start)!;
            child.WaitForExit();
            return child.ExitCode;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The load phase, in its own process: the peak over the process before the load, less the array it returns.</summary>
    public static int Load(string path, long elements)
    {
        float[]? loaded = null;
        var (baseline, peak) = Measure(() => loaded = Pickle.LoadFromFile<float[]>(path));
        var arrayBytes = loaded!.Length * 4L;
        var correct = loaded.Length == elements && loaded[^1] == (elements - 1) % 1_000_003;
        Console.WriteLine($"load: peak {peak / MiB:N0} MiB, {(peak - baseline - arrayBytes) / MiB:N1} MiB over the process before the load plus the array (target: at most 64){(correct ? "" : "; THE VALUES DIFFER")}");
        return correct ? 0 : 1;
    }

    /// <summary>Runs <paramref name="action"/> and returns the resident memory before it and the peak while it ran, in bytes.</summary>
    private static (long Baseline, long Peak) Measure(Action action)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        File.WriteAllText("/proc/self/clear_refs", "5");
        var baseline = Status("VmRSS");
        action();
        return (baseline, Status("VmHWM"));
    }

    private static long Status(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(field.Length + 1).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/self/status has no {field}.");
    }
}
