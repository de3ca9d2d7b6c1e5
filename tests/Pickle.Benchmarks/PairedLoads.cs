using System.Globalization;
using Pickling.Benchmarks.Workloads;
using static Pickling.Benchmarks.PairedTiming;

namespace Pickling.Benchmarks;

/// <summary>
/// Loads each large workload by Pickle and by raw bytes, from a file and from memory, alternately in one process, and
/// prints each one's median time and the median of the paired ratios (each Pickle load over the raw load just before it) with
/// their quartiles. Each load starts after a full collection, from the same heap and at about the same moment of a
/// shared machine, which separate BenchmarkDotNet processes do not: how often each process's garbage collector runs,
/// and which load it lands in, differs from process to process and shifts their figures by more than the code does.
/// </summary>
internal static class PairedLoads
{
    private const int WarmupRounds = 20;

    public static int Run(int rounds)
    {
        Console.WriteLine($"Paired loads, {rounds} rounds after {WarmupRounds} untimed ones:");
        RunWorkload("Model", () => new ModelBenchmarks(), rounds);
        RunWorkload("float[]", () => new FloatArrayBenchmarks(), rounds);
        return 0;
    }

    /// <summary>From a file (one workload writes both files), then from memory (each peer's payload in a workload of its own).</summary>
    private static void RunWorkload<T>(string name, Func<BlockBenchmarks<T>> create, int rounds)
        where T : class
    {
        using (var files = create())
        {
            files.SetupRawFile();
            files.SetupPickleFile();
            Run($"{name}, from a file", files.Raw_LoadFile, files.Pickle_LoadFile, rounds);
        }

        using var raw = create();
        using var pickle = create();
        raw.SetupRaw();
        pickle.SetupPickle();
        Run($"{name}, from memory", raw.Raw_Load, pickle.Pickle_Load, rounds);
    }

    private static void Run<T>(string name, Func<T> rawLoad, Func<T> pickleLoad, int rounds)
    {
        var raw = new double[rounds];
        var pickle = new double[rounds];
        for (var round = -WarmupRounds; round < rounds; round++)
        {
            var rawTime = Time(rawLoad);
            var pickleTime = Time(pickleLoad);
            if (round >= 0)
            {
                raw[round] = rawTime;
                pickle[round] = pickleTime;
            }
        }

        var ratios = pickle.Zip(raw, (p, r) => p / r).Order().ToArray();
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-22} raw {Median(raw),7:F2} ms  Pickle {Median(pickle),7:F2} ms  Pickle / raw, paired: median {Quantile(ratios, 0.5):F3} (quartiles {Quantile(ratios, 0.25):F3}-{Quantile(ratios, 0.75):F3})"));
    }
}
