using System.Diagnostics;
using System.Globalization;
using Pickling.Tests.Models;
using Pickling.Tests.Support;
using Xunit.Abstractions;

namespace Pickling.Tests;

public class AppendCrashTests(ITestOutputHelper output)
{
    private const int Kills = 50;

    /// <summary>The sequence number of the one event the test appends after each kill.</summary>
    private const long AfterCrash = -1;

    [Fact]
    public void OpenAppend_WriterKilledAtRandomMoments_LogKeepsEveryAcknowledgedEventAndEveryEventAppendedAfterACrash()
    {
        var clock = Stopwatch.StartNew();
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var random = new Random(20261126);
        var lastAcknowledged = new long[Kills];
        var tornTails = 0;

        for (var run = 0; run < Kills; run++)
        {
            lastAcknowledged[run] = RunAndKill(path, run, TimeSpan.FromMilliseconds(random.Next(0, 40)));

            var lengthAfterKill = new FileInfo(path).Length;
            using var log = Pickle.OpenAppend(path);
            if (log.Position < lengthAfterKill)
            {
                tornTails++;
            }

            Pickle.Dump(LogEvent.Create(run, AfterCrash), log);
        }

        var (events, bytes) = CheckLog(path, lastAcknowledged);

        output.WriteLine(
            $"{Kills} kills, {tornTails} of them in the middle of an append; {events:N0} events and {bytes:N0} bytes loaded back; " +
            $"acknowledged per run: {string.Join(", ", lastAcknowledged.Select(a => a + 1))}; {clock.Elapsed.TotalSeconds:F1} s");
        tornTails.Should().BeGreaterThan(0, "some kills must land in the middle of an append, leaving a torn tail to cut");
    }

    /// <summary>Starts a writer for <paramref name="run"/>, kills it <paramref name="after"/> it is ready; returns the last sequence it acknowledged.</summary>
    private static long RunAndKill(string path, int run, TimeSpan after)
    {
        using var writer = StartWriter(path, run);
        Task<string> acknowledgements;
        try
        {
            var errors = writer.StandardError.ReadToEndAsync();
            var ready = writer.StandardOutput.ReadLine();
            if (ready != "ready")
            {
                writer.WaitForExit();
                ready.Should().Be("ready", $"run {run} must open the log, but it wrote: {errors.Result}");
            }

            acknowledgements = writer.StandardOutput.ReadToEndAsync();
            Thread.Sleep(after);
        }
        finally
        {
            writer.Kill();
            writer.WaitForExit();
        }

        var last = acknowledgements.Result
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => long.Parse(line["ack ".Length..], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(-1)
            .Last();
        return last;
    }

    /// <summary>
    /// Loads the whole log and checks that each run's events are 0, 1, ... up to at least its last acknowledged one
    /// (and at most one more, whose Dump returned just before the kill), each followed by the event appended after it.
    /// </summary>
    private static (int Events, long Bytes) CheckLog(string path, long[] lastAcknowledged)
    {
        var run = 0;
        var expected = 0L;
        var events = 0;
        var bytes = 0L;
        foreach (var e in Pickle.LoadAllFromFile<LogEvent>(path))
        {
            events++;
            bytes += e.Data.Length;
            e.IsConsistent.Should().BeTrue($"event {e.Sequence} of run {e.Run} must be whole");
            e.Run.Should().Be(run, $"after run {run}'s event {expected - 1}");
            if (e.Sequence == AfterCrash)
            {
                (expected - 1).Should().BeInRange(lastAcknowledged[run], lastAcknowledged[run] + 1, $"run {run} must keep every acknowledged event");
                run++;
                expected = 0;
                continue;
            }

            e.Sequence.Should().Be(expected, $"run {run}'s events must follow each other");
            expected++;
        }

        run.Should().Be(lastAcknowledged.Length, "every event appended after a kill must be in the log");
        return (events, bytes);
    }

    private static Process StartWriter(string path, int run)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Fully optimized from the first call: the writer's first events, which the kills land among, then spend their
        // time writing as later ones do, not in code compiled for a quick start.
        info.Environment["DOTNET_TC_QuickJitForLoops"] = "0";
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.ArgumentList.Add(typeof(AppendWriter).Assembly.Location);
        info.ArgumentList.Add(AppendWriter.Command);
        info.ArgumentList.Add(path);
        info.ArgumentList.Add(run.ToString(CultureInfo.InvariantCulture));
        return Process.Start(info) ?? throw new InvalidOperationException("The writer process did not start.");
    }
}
