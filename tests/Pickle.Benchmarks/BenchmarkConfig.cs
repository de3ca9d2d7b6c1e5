using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using Perfolizer.Horology;
using Perfolizer.Metrology;
using Pickling.Benchmarks.Reporting;

namespace Pickling.Benchmarks;

/// <summary>
/// The benchmarks' configuration: allocated bytes, payload sizes, ratios against each category's baseline, and a
/// CSV with plain numbers (nanoseconds, bytes) that the report mode reads.
/// </summary>
public static class BenchmarkConfig
{
    public static readonly SummaryStyle CsvStyle = new(
        CultureInfo.InvariantCulture,
        printUnitsInHeader: true,
        sizeUnit: SizeUnit.B,
        timeUnit: TimeUnit.Nanosecond,
        printUnitsInContent: false,
        printZeroValuesInContent: true);

    public static IConfig Create() =>
        ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(CategoriesColumn.Default, new PayloadColumn())
            .AddLogger(ConsoleLogger.Default)
            .AddAnalyser([.. DefaultConfig.Instance.GetAnalysers()])
            .AddValidator([.. DefaultConfig.Instance.GetValidators()])
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(MarkdownExporter.GitHub, new CsvExporter(CsvSeparator.Semicolon, CsvStyle))
            .AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory)
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared, MethodOrderPolicy.Declared))
            // Building the generated project takes longer than the 2-minute default on a busy 2-core machine.
            .WithBuildTimeout(TimeSpan.FromMinutes(10));
}
