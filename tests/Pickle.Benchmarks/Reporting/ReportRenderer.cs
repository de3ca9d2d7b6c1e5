using System.Globalization;
using System.Text;
using ScottPlot;

namespace Pickling.Benchmarks.Reporting;

/// <summary>
/// The report mode: reads BenchmarkDotNet's CSV results (<c>*-report.csv</c>, written by <see cref="BenchmarkConfig"/>)
/// and writes a markdown table with the ratios that matter (<c>results.md</c>) and a bar chart (<c>results.png</c>).
/// </summary>
public static class ReportRenderer
{
    public const string CommandsFile = "commands.txt";

    private const string Baseline = "MessagePack";
    private const string Raw = "Raw";

    private const string PickleReferences = "PickleRefs";
    private const string PlainStream = "Stream";

    private static readonly string[] Operations = ["Dump", "Load", "DumpToBytes", "LoadFromBytes", "DumpFile", "LoadFile", "Save"];

    /// <summary>The operations in memory, which the chart shows.</summary>
    private static readonly string[] InMemory = ["Dump", "Load", "DumpToBytes", "LoadFromBytes"];

    private static readonly string[] References = [Baseline, Raw, "Pickle", PlainStream];

    /// <summary>
    /// How the workloads that time the stages of one call end (<c>TinyStagesBenchmarks</c>, from
    /// <see cref="Workloads.SmallValueStages{T}"/>): their rows are parts of a call, not peers, so the markdown shows
    /// them in their tables and the chart leaves them out.
    /// </summary>
    private const string StagesWorkload = "Stages";

    public static string DefaultOutput()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Pickle.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "Pickle.Benchmarks", "results");
            }
        }

        return Path.GetFullPath("results");
    }

    public static int Run(string resultsDirectory, string outputDirectory)
    {
        var files = Directory.Exists(resultsDirectory)
            ? Directory.GetFiles(resultsDirectory, "*-report.csv").Order(StringComparer.Ordinal).ToArray()
            : [];
        if (files.Length == 0)
        {
            Console.Error.WriteLine($"No *-report.csv in {resultsDirectory}. Run the benchmarks first (see tests/Pickle.Benchmarks/README.md).");
            return 1;
        }

        // A benchmark that failed has no mean; a workload whose run failed altogether is left out.
        var rows = files.SelectMany(ReadCsv).Where(r => r.MeanNanoseconds is not null).ToList();
        var commands = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(resultsDirectory))!, CommandsFile);
        Directory.CreateDirectory(outputDirectory);
        var markdown = Path.Combine(outputDirectory, "results.md");
        var chart = Path.Combine(outputDirectory, "results.png");
        File.WriteAllText(markdown, RenderMarkdown(rows, MachineDescription(resultsDirectory), File.Exists(commands) ? File.ReadAllLines(commands) : []));
        RenderChart(rows, chart);
        Console.WriteLine($"Wrote {markdown} and {chart}.");
        return 0;
    }

    private static IEnumerable<Row> ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = SplitCsv(lines[0]);
        var type = Path.GetFileName(path)[..^"-report.csv".Length];
        var workload = type[(type.LastIndexOf('.') + 1)..].Replace("Benchmarks", string.Empty, StringComparison.Ordinal);
        int Column(string name) => Array.FindIndex(header, h => h == name || h.StartsWith(name + " [", StringComparison.Ordinal));
        var method = Column("Method");
        var mean = Column("Mean");
        var allocated = Column("Allocated");
        var payload = Column("Payload");
        var job = Column("Job");
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var cells = SplitCsv(line);
            var name = cells[method];
            var split = name.IndexOf('_', StringComparison.Ordinal);
            yield return new Row(
                workload,
                name[(split + 1)..],
                name[..split],
                Number(cells[mean]),
                allocated >= 0 ? Number(cells[allocated]) : null,
                payload >= 0 ? Number(cells[payload]) : null,
                job >= 0 ? cells[job] : string.Empty);
        }
    }

    private static string[] SplitCsv(string line)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ';' && !quoted)
            {
                cells.Add(cell.ToString().Trim());
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        cells.Add(cell.ToString().Trim());
        return [.. cells];
    }

    private static double? Number(string text)
    {
        var digits = new string([.. text.Where(c => char.IsDigit(c) || c is '.' or '-' or 'E' or 'e' or '+')]);
        return double.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string MachineDescription(string resultsDirectory)
    {
        // BenchmarkDotNet's own markdown report starts with the machine and runtime in a code block.
        var report = Directory.GetFiles(resultsDirectory, "*-report-github.md").Order(StringComparer.Ordinal).FirstOrDefault();
        if (report is null)
        {
            return string.Empty;
        }

        var lines = File.ReadAllLines(report);
        var end = Array.FindIndex(lines, 1, l => l.StartsWith("```", StringComparison.Ordinal));
        return end > 0 ? string.Join('\n', lines[..(end + 1)]) + "\n" : string.Empty;
    }

    private static string RenderMarkdown(List<Row> rows, string environment, string[] commands)
    {
        var text = new StringBuilder();
        text.AppendLine("# Pickle benchmark results").AppendLine();
        text.AppendLine("Generated by `dotnet run -c Release --project tests/Pickle.Benchmarks -- --report` from BenchmarkDotNet's CSV results.");
        text.AppendLine("Ratios compare mean times in the same run: below 1 is faster than the peer named in the column.").AppendLine();
        if (commands.Length > 0)
        {
            text.AppendLine("Benchmark runs (BenchmarkDotNet writes one CSV per workload; a later run of a workload replaces the earlier one):").AppendLine();
            foreach (var command in commands)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {command}");
            }

            text.AppendLine();
        }

        text.Append(environment).AppendLine();
        text.AppendLine("## Targets").AppendLine();
        text.AppendLine("| Workload | Check | Figure | Target | Met |");
        text.AppendLine("| --- | --- | ---: | --- | --- |");
        foreach (var target in Targets(rows))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {target.Workload} | {target.Check} | {target.Figure} | {target.Limit} | {target.Met} |");
        }

        foreach (var workload in rows.Select(r => r.Workload).Distinct())
        {
            var job = rows.First(r => r.Workload == workload).Job;
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## {workload} (job {job})").AppendLine();
            // The ratio columns are the references this workload has: MessagePack and raw bytes for the serializer
            // workloads, Pickle's default for PreserveReferences, and the plain stream for the durability workloads.
            var peers = rows.Where(r => r.Workload == workload).Select(r => r.Peer).ToHashSet();
            var references = References.Where(peers.Contains).ToArray();
            text.AppendLine(CultureInfo.InvariantCulture, $"| Operation | Peer | Mean | {string.Join(" | ", references.Select(r => "vs " + r))} | Allocated | Payload |");
            text.AppendLine(CultureInfo.InvariantCulture, $"| --- | --- | ---: | {string.Join(" | ", references.Select(_ => "---:"))} | ---: | ---: |");
            foreach (var row in rows.Where(r => r.Workload == workload).OrderBy(r => Array.IndexOf(Operations, r.Operation)))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {row.Operation} | {row.Peer} | {Time(row.MeanNanoseconds)} | {string.Join(" | ", references.Select(r => Ratio(rows, row, r)))} | {Size(row.AllocatedBytes)} | {Size(row.PayloadBytes)} |");
            }
        }

        return text.ToString();
    }

    private static IEnumerable<Target> Targets(List<Row> rows)
    {
        foreach (var operation in new[] { "Dump", "Load" })
        {
            if (RatioOf(rows, "Records", operation, "Pickle", Baseline) is { } records)
            {
                yield return new Target("Records", $"Pickle / MessagePack contractless, {operation}", records.ToString("0.00", CultureInfo.InvariantCulture), "≤ 1.10 (issue 2); ≤ 1.00 (issue 5)", records <= 1.0 ? "yes" : records <= 1.1 ? "issue 2 only" : "no");
            }

            if (RatioOf(rows, "Records", operation, "BinaryFormatter", "Pickle") is { } binary)
            {
                yield return new Target("Records", $"BinaryFormatter / Pickle, {operation}", binary, "≥ 10", binary >= 10);
            }

            if (RatioOf(rows, "Tiny", operation, "Pickle", Baseline) is { } tiny)
            {
                yield return new Target("Tiny", $"Pickle / MessagePack contractless, {operation}", tiny, "none (latency)", null);
            }

            foreach (var workload in new[] { "Records", "Tiny" })
            {
                if (RatioOf(rows, workload, operation, PickleReferences, "Pickle") is { } references)
                {
                    yield return new Target(workload, $"Pickle with PreserveReferences / Pickle default, {operation}", references, "none (cost, issue 6)", null);
                }
            }
        }

        // Issue 17: small values through DumpToBytes and LoadFromBytes.
        foreach (var (workload, limit) in new[] { ("TinyBytes", 1.5), ("Dto", 1.3) })
        {
            foreach (var operation in new[] { "DumpToBytes", "LoadFromBytes" })
            {
                if (RatioOf(rows, workload, operation, "Pickle", Baseline) is { } ratio)
                {
                    yield return new Target(workload, $"Pickle / MessagePack contractless, {operation}", ratio, string.Create(CultureInfo.InvariantCulture, $"≤ {limit:0.0} (issue 17)"), ratio <= limit);
                }

                if (RatioOf(rows, workload, operation, "Pickle", "Nerdbank") is { } nerdbank)
                {
                    yield return new Target(workload, $"Pickle / Nerdbank.MessagePack, {operation}", nerdbank, "none (peer)", null);
                }
            }
        }

        foreach (var workload in new[] { "SmallFile", "LargeFile" })
        {
            if (RatioOf(rows, workload, "Save", "StreamFsync", PlainStream) is { } fsync)
            {
                yield return new Target(workload, "Dump to FileStream + Flush(true) / plain Dump to FileStream", fsync, "none (cost of fsync)", null);
            }

            if (RatioOf(rows, workload, "Save", "DumpToFile", PlainStream) is { } atomic)
            {
                yield return new Target(workload, "DumpToFile (atomic) / plain Dump to FileStream", atomic, "none (cost of durability)", null);
            }

            if (RatioOf(rows, workload, "Save", "DumpToFile", "StreamFsync") is { } rename)
            {
                yield return new Target(workload, "DumpToFile (atomic) / Dump + Flush(true)", rename, "none (cost of temp file, rename, folder fsync)", null);
            }
        }

        if (RatioOf(rows, "FloatArray", "DumpFile", "Pickle", Raw) is { } dumpFile)
        {
            yield return new Target("FloatArray", "Pickle / Raw, Dump to a FileStream", dumpFile, "≤ 1.20", dumpFile <= 1.2);
        }

        if (RatioOf(rows, "FloatArray", "Load", "Pickle", "MemoryPack") is { } floatLoad)
        {
            yield return new Target("FloatArray", "Pickle / MemoryPack, Load", floatLoad, "≤ 1.20", floatLoad <= 1.2);
        }

        var pickleSize = rows.FirstOrDefault(r => r is { Workload: "FloatArray", Peer: "Pickle" })?.PayloadBytes;
        var rawSize = rows.FirstOrDefault(r => r is { Workload: "FloatArray", Peer: Raw })?.PayloadBytes;
        if (pickleSize is { } p && rawSize is { } r)
        {
            yield return new Target("FloatArray", "Pickle file bytes − raw file bytes", (p - r).ToString("N0", CultureInfo.InvariantCulture), "≤ 64", p - r <= 64 ? "yes" : "no");
        }

        foreach (var operation in Operations)
        {
            if (RatioOf(rows, "Model", operation, "Pickle", Raw) is { } model)
            {
                yield return new Target("Model", $"Pickle / Raw, {operation}", model, "≤ 1.20", model <= 1.2);
            }
        }
    }

    private static double? RatioOf(List<Row> rows, string workload, string operation, string peer, string reference)
    {
        var a = rows.FirstOrDefault(r => r.Workload == workload && r.Operation == operation && r.Peer == peer)?.MeanNanoseconds;
        var b = rows.FirstOrDefault(r => r.Workload == workload && r.Operation == operation && r.Peer == reference)?.MeanNanoseconds;
        return a is { } x && b is { } y && y > 0 ? x / y : null;
    }

    private static string Ratio(List<Row> rows, Row row, string reference) =>
        RatioOf(rows, row.Workload, row.Operation, row.Peer, reference) is { } ratio
            ? ratio.ToString("0.00", CultureInfo.InvariantCulture)
            : "-";

    private static string Time(double? nanoseconds) => nanoseconds switch
    {
        null => "-",
        < 1e3 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:0.0} ns"),
        < 1e6 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e3:0.00} µs"),
        < 1e9 => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e6:0.00} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1e9:0.000} s"),
    };

    private static string Size(double? bytes) => bytes is { } b ? PayloadColumn.Humanize((long)b) : "-";

    private static void RenderChart(List<Row> rows, string path)
    {
        // One group of bars per workload and in-memory operation; each bar is a peer's time over MessagePack's, on a
        // log scale so that 2x slower and 2x faster look alike.
        var charted = rows.Where(r => InMemory.Contains(r.Operation) && !r.Workload.EndsWith(StagesWorkload, StringComparison.Ordinal)).ToList();
        var groups = charted.Select(r => (r.Workload, r.Operation)).Distinct().ToList();
        var peers = charted.Select(r => r.Peer).Distinct().OrderBy(PeerOrder).ToList();
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var ticks = new List<Tick>();
        for (var g = 0; g < groups.Count; g++)
        {
            var (workload, operation) = groups[g];
            var center = (g * (peers.Count + 1)) + ((peers.Count - 1) / 2.0);
            ticks.Add(new Tick(center, $"{workload}\n{operation}", isMajor: true));
        }

        for (var p = 0; p < peers.Count; p++)
        {
            var bars = new List<Bar>();
            for (var g = 0; g < groups.Count; g++)
            {
                var (workload, operation) = groups[g];
                if (RatioOf(rows, workload, operation, peers[p], Baseline) is { } ratio)
                {
                    bars.Add(new Bar
                    {
                        Position = (g * (peers.Count + 1)) + p,
                        Value = Math.Log10(ratio),
                        ValueBase = 0,
                        FillColor = palette.GetColor(p),
                    });
                }
            }

            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = peers[p], FillColor = palette.GetColor(p) });
        }

        var logTicks = new List<Tick>();
        foreach (var value in new[] { 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100 })
        {
            logTicks.Add(new Tick(Math.Log10(value), value.ToString("0.##", CultureInfo.InvariantCulture) + "×", isMajor: true));
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. logTicks]);
        plot.Axes.Left.Label.Text = "time / MessagePack contractless (log scale, lower is faster)";
        plot.Title("Pickle and its peers, relative to MessagePack contractless in the same run");
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.Legend.IsVisible = true;
        plot.Legend.Alignment = Alignment.UpperLeft;
        plot.Axes.Margins(bottom: 0.05, top: 0.1);
        plot.Layout.Fixed(new PixelPadding(80, 20, 70, 40));
        plot.SavePng(path, 1400, 700);
    }

    private static int PeerOrder(string peer) => peer switch
    {
        "Pickle" => 0,
        PickleReferences => 1,
        Baseline => 2,
        "MemoryPack" => 3,
        "Nerdbank" => 4,
        Raw => 5,
        "Json" => 6,
        "BinaryFormatter" => 7,
        _ => 8,
    };

    private sealed record Row(string Workload, string Operation, string Peer, double? MeanNanoseconds, double? AllocatedBytes, double? PayloadBytes, string Job);

    private sealed record Target(string Workload, string Check, string Figure, string Limit, string Met)
    {
        public Target(string workload, string check, double ratio, string limit, bool? met)
            : this(workload, check, ratio.ToString("0.00", CultureInfo.InvariantCulture), limit, met switch { true => "yes", false => "no", null => "-" })
        {
        }
    }
}
