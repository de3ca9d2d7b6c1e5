using System.Globalization;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// Payload sizes, written once per peer by each benchmark's global setup (in BenchmarkDotNet's child process) and
/// read back by <see cref="Reporting.PayloadColumn"/> in the host, through files in a folder the host names.
/// </summary>
public static class PayloadSizes
{
    public const string FolderVariable = "PICKLE_BENCH_SIZES";

    public static string Folder =>
        Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } folder
            ? folder
            : Path.Combine(Path.GetTempPath(), "pickle-benchmarks-sizes");

    public static void Record(string workload, string peer, long bytes)
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(PathOf(workload, peer), bytes.ToString(CultureInfo.InvariantCulture));
    }

    public static long? Read(string workload, string peer)
    {
        var path = PathOf(workload, peer);
        return File.Exists(path) && long.TryParse(File.ReadAllText(path), NumberStyles.Integer, CultureInfo.InvariantCulture, out var bytes)
            ? bytes
            : null;
    }

    /// <summary>The workload class's name of <paramref name="benchmark"/> (BenchmarkDotNet runs a generated subclass of it).</summary>
    public static string WorkloadOf(object benchmark)
    {
        var type = benchmark.GetType();
        while (type.Assembly != typeof(PayloadSizes).Assembly)
        {
            type = type.BaseType!;
        }

        return type.Name;
    }

    private static string PathOf(string workload, string peer) => Path.Combine(Folder, $"{workload}.{peer}.txt");
}
