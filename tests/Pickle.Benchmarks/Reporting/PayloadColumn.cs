using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Pickling.Benchmarks.Workloads;

namespace Pickling.Benchmarks.Reporting;

/// <summary>The bytes one dump writes (the file's size, for the file cases), as the global setup recorded them.</summary>
public sealed class PayloadColumn : IColumn
{
    public string Id => nameof(PayloadColumn);

    public string ColumnName => "Payload";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Size;

    public string Legend => "Bytes written by one dump: the payload or file size";

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public bool IsAvailable(Summary summary) => true;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        ArgumentNullException.ThrowIfNull(style);
        var peer = benchmarkCase.Descriptor.WorkloadMethod.Name.Split('_')[0];
        if (PayloadSizes.Read(benchmarkCase.Descriptor.Type.Name, peer) is not { } bytes)
        {
            return "-";
        }

        return style.PrintUnitsInContent ? Humanize(bytes) : bytes.ToString(CultureInfo.InvariantCulture);
    }

    public override string ToString() => ColumnName;

    /// <summary>Bytes in B, KB, MB or GB (powers of 1024), as BenchmarkDotNet prints allocated memory.</summary>
    public static string Humanize(long bytes)
    {
        string[] units = ["B", "KB", "MB", "GB"];
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.##} {units[unit]}");
    }
}
