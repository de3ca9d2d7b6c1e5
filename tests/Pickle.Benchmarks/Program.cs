using BenchmarkDotNet.Running;
using Pickling.Benchmarks;
using Pickling.Benchmarks.Reporting;
using Pickling.Benchmarks.Workloads;

// Four modes, documented in README.md:
//   dotnet run -c Release --project tests/Pickle.Benchmarks -- --filter '*' [--job short] [--records N] [--floats N] [--model-arrays N]
//   dotnet run -c Release --project tests/Pickle.Benchmarks -- --report [--artifacts DIR] [--output DIR]
//   dotnet run -c Release --project tests/Pickle.Benchmarks -- --peak-memory [--elements N] [--folder DIR]
//   dotnet run -c Release --project tests/Pickle.Benchmarks -- --paired-loads [--rounds N] [--floats N] [--model-arrays N]
//   dotnet run -c Release --project tests/Pickle.Benchmarks -- --paired-records [--rounds N] [--records N]
if (args.Length == 3 && args[0] == PeakMemory.LoadPhase)
{
    return PeakMemory.Load(args[1], long.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
}

if (args.Contains("--peak-memory"))
{
    var elements = args.SkipWhile(a => a != "--elements").Skip(1).FirstOrDefault() ?? "750000000";
    var folder = args.SkipWhile(a => a != "--folder").Skip(1).FirstOrDefault() ?? Path.GetTempPath();
    return PeakMemory.Run(long.Parse(elements, System.Globalization.CultureInfo.InvariantCulture), folder);
}

var benchmarkArguments = new List<string>();
var report = false;
var paired = false;
var pairedRecords = false;
var rounds = 200;
string? artifacts = null;
string? output = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--report":
            report = true;
            break;
        case "--paired-loads":
            paired = true;
            break;
        case "--paired-records":
            pairedRecords = true;
            break;
        case "--rounds":
            rounds = int.Parse(ValueOf(args, ref i), System.Globalization.CultureInfo.InvariantCulture);
            break;
        case "--records":
            Environment.SetEnvironmentVariable(WorkloadSizes.RecordsVariable, ValueOf(args, ref i));
            break;
        case "--floats":
            Environment.SetEnvironmentVariable(WorkloadSizes.FloatsVariable, ValueOf(args, ref i));
            break;
        case "--model-arrays":
            Environment.SetEnvironmentVariable(WorkloadSizes.ModelArraysVariable, ValueOf(args, ref i));
            break;
        case "--artifacts":
            artifacts = ValueOf(args, ref i);
            benchmarkArguments.Add("--artifacts");
            benchmarkArguments.Add(artifacts);
            break;
        case "--output" when report || args.Contains("--report"):
            output = ValueOf(args, ref i);
            break;
        default:
            benchmarkArguments.Add(args[i]);
            break;
    }
}

if (paired)
{
    return PairedLoads.Run(rounds);
}

if (pairedRecords)
{
    return PairedRecords.Run(rounds);
}

artifacts = Path.GetFullPath(artifacts ?? "BenchmarkDotNet.Artifacts");
Environment.SetEnvironmentVariable(PayloadSizes.FolderVariable, Path.Combine(artifacts, "payload-sizes"));
if (report)
{
    return ReportRenderer.Run(Path.Combine(artifacts, "results"), output ?? ReportRenderer.DefaultOutput());
}

// The report quotes the commands that produced the results.
Directory.CreateDirectory(artifacts);
File.AppendAllText(
    Path.Combine(artifacts, ReportRenderer.CommandsFile),
    $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC: dotnet run -c Release --project tests/Pickle.Benchmarks -- {string.Join(' ', args.Select(a => a.Contains('*', StringComparison.Ordinal) ? $"'{a}'" : a))}{Environment.NewLine}");

// Sizes are recorded afresh by each run's global setups.
if (Directory.Exists(PayloadSizes.Folder))
{
    Directory.Delete(PayloadSizes.Folder, recursive: true);
}

var summaries = BenchmarkSwitcher.FromAssembly(typeof(BenchmarkConfig).Assembly).Run([.. benchmarkArguments], BenchmarkConfig.Create());
return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success)) ? 1 : 0;

static string ValueOf(string[] args, ref int i) =>
    i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
