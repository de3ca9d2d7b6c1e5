using System.Globalization;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The sizes of the workloads. The command line sets them (see Program) through environment variables, which
/// BenchmarkDotNet's child processes inherit, so a quick run can use smaller data.
/// </summary>
public static class WorkloadSizes
{
    public const string RecordsVariable = "PICKLE_BENCH_RECORDS";
    public const string FloatsVariable = "PICKLE_BENCH_FLOATS";
    public const string ModelArraysVariable = "PICKLE_BENCH_MODEL_ARRAYS";

    /// <summary>The number of records in the records workload (200,000 by default).</summary>
    public static int Records => Read(RecordsVariable, 200_000);

    /// <summary>The number of floats in the array workload (32M, 128 MiB, by default).</summary>
    public static int Floats => Read(FloatsVariable, 32 * 1024 * 1024);

    /// <summary>The number of arrays in the "model" dictionary (300 by default).</summary>
    public static int ModelArrays => Read(ModelArraysVariable, 300);

    private static int Read(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
