using System.Globalization;
using Pickling.Benchmarks.Workloads;
using static Pickling.Benchmarks.PairedTiming;

namespace Pickling.Benchmarks;

/// <summary>
/// Dumps and loads the records workload through Pickle (references on, the default), Pickle without references,
/// MessagePack contractless and MemoryPack in turn in one process, each after a full collection, and prints each
/// one's median time and the medians of the paired ratios (Pickle's time over each peer's in the same round) with
/// their quartiles. The peers run in a different order each round, so that none is always the one after a busy
/// neighbour's burst; on a shared machine these ratios hold from run to run where the short job's means do not.
/// </summary>
internal static class PairedRecords
{
    private const int WarmupRounds = 10;

    private static readonly string[] Peers = ["Pickle", "PickleTree", "MessagePack", "MemoryPack"];

    public static int Run(int rounds)
    {
        Console.WriteLine($"Paired records ({WorkloadSizes.Records:N0}), {rounds} rounds after {WarmupRounds} untimed ones:");
        var workloads = Peers.Select(_ => new RecordsBenchmarks()).ToArray();
        try
        {
            workloads[0].SetupPickle();
            workloads[1].SetupPickleTree();
            workloads[2].SetupMessagePack();
            workloads[3].SetupMemoryPack();
            Measure(
                "Dump",
                [() => workloads[0].Pickle_Dump(), () => workloads[1].PickleTree_Dump(), () => workloads[2].MessagePack_Dump(), () => workloads[3].MemoryPack_Dump()],
                rounds);
            Measure(
                "Load",
                [() => workloads[0].Pickle_Load(), () => workloads[1].PickleTree_Load(), () => workloads[2].MessagePack_Load(), () => workloads[3].MemoryPack_Load()],
                rounds);
        }
        finally
        {
            foreach (var workload in workloads)
            {
                workload.Dispose();
            }
        }

        return 0;
    }

    private static void Measure(string operation, Func<object>[] peers, int rounds)
    {
        var times = peers.Select(_ => new double[rounds]).ToArray();
        for (var round = -WarmupRounds; round < rounds; round++)
        {
            for (var turn = 0; turn < peers.Length; turn++)
            {
                var peer = (turn + Math.Max(round, 0)) % peers.Length;
                var time = Time(peers[peer]);
                if (round >= 0)
                {
                    times[peer][round] = time;
                }
            }
        }

        for (var peer = 0; peer < peers.Length; peer++)
        {
            var line = string.Create(CultureInfo.InvariantCulture, $"{operation} {Peers[peer],-12} median {Median(times[peer]),7:F2} ms");
            if (peer > 0)
            {
                var ratios = times[0].Zip(times[peer], (pickle, other) => pickle / other).Order().ToArray();
                line += string.Create(
                    CultureInfo.InvariantCulture,
                    $"   Pickle / {Peers[peer]}, paired: median {Quantile(ratios, 0.5):F3} (quartiles {Quantile(ratios, 0.25):F3}-{Quantile(ratios, 0.75):F3})");
            }

            Console.WriteLine(line);
        }
    }
}
