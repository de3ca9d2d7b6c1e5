using System.Diagnostics;

namespace Pickling.Benchmarks;

/// <summary>The timing and the statistics of the paired modes (<see cref="PairedLoads"/>, <see cref="PairedRecords"/>).</summary>
internal static class PairedTiming
{
    /// <summary>One call's time in milliseconds, after a full collection: no call pays for another's garbage.</summary>
    public static double Time<T>(Func<T> call)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var start = Stopwatch.GetTimestamp();
        GC.KeepAlive(call());
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    public static double Median(double[] values) => Quantile([.. values.Order()], 0.5);

    public static double Quantile(double[] sorted, double quantile) => sorted[(int)Math.Round(quantile * (sorted.Length - 1))];
}
