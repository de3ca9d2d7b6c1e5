using System.Collections.Concurrent;
using Pickling.Tests.Models;
using Pickling.Tests.Support;
using Xunit.Abstractions;

namespace Pickling.Tests;

/// <summary>
/// Dump and Load from many threads at once with one shared options instance, and DumpToFile/LoadFromFile on one
/// shared path from many threads and from two processes.
/// </summary>
public class ConcurrencyTests(ITestOutputHelper output)
{
    private const int Writers = 8;
    private const int DumpsEach = 300;
    [Fact]
    public void DumpAndLoad_ManyThreadsSharingOptions_EveryValueRoundTrips()
    {
        var options = PickleOptions.Default with { MaxDepth = 64 };
        var failures = 0;

        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var value = ZooValue.Sample();
            value.Count = i;
            value.Link = ChainLink.Chain((i % 40) + 1);
            var loaded = Pickle.LoadFromBytes<ZooValue>(Pickle.DumpToBytes(value, options), options);
            if (loaded.Count != i || Length(loaded.Link) != (i % 40) + 1 || loaded.ByKey![new ZooKey(1, "one")] != "x")
            {
                Interlocked.Increment(ref failures);
            }
        });

        failures.Should().Be(0);
    }

    [Fact]
    public void DumpAndLoad_ManyThreadsMixingGoodAndHostileInput_GoodValuesStillRoundTrip()
    {
        var options = PickleOptions.Default with { MaxDepth = 64 };
        var cyclic = new ChainLink();
        cyclic.Next = cyclic;
        var deep = ChainLink.Chain(100);
        var outcomes = new int[3];

        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            switch (i % 3)
            {
                case 0:
                    var chain = ChainLink.Chain(60);
                    if (Length(Pickle.LoadFromBytes<ChainLink>(Pickle.DumpToBytes(chain, options), options)) == 60)
                    {
                        Interlocked.Increment(ref outcomes[0]);
                    }

                    break;
                case 1:
                    try
                    {
                        Pickle.DumpToBytes(cyclic, options);
                    }
                    catch (PickleException e) when (e.Message.Contains("cycle", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref outcomes[1]);
                    }

                    break;
                default:
                    try
                    {
                        Pickle.DumpToBytes(deep, options);
                    }
                    catch (PickleException e) when (e.Message.Contains("MaxDepth", StringComparison.Ordinal))
                    {
                        Interlocked.Increment(ref outcomes[2]);
                    }

                    break;
            }
        });

        outcomes.Should().Equal(100, 100, 100);
    }

    [Fact]
    public void DumpToFile_EightThreadsToOneTargetWhileTwoLoad_EveryCallSucceedsAndSeesWholeValues()
    {
        using var directory = new TempDirectory();
        var target = directory.File("shared.pickle");
        Pickle.DumpToFile(DumpLoop.Value(-1), target);
        var errors = new ConcurrentQueue<string>();
        var loads = 0;
        using var writing = new CancellationTokenSource();

        var readers = StartThreads(2, _ => LoadUntil(target, errors, ref loads, writing.Token));
        var writers = StartThreads(Writers, writer =>
        {
            for (var i = 0; i < DumpsEach; i++)
            {
                Record(errors, DumpLoop.TryDump(target, (writer * DumpsEach) + i));
            }
        });
        Join(writers);
        writing.Cancel();
        Join(readers);

        output.WriteLine($"{Writers * DumpsEach} dumps and {loads} loads: {errors.Count} failed{Breakdown(errors)}");
        errors.Should().BeEmpty("concurrent writers and readers of one path must all succeed");
        DumpLoop.TryLoad(target).Should().BeNull();
        Directory.GetFiles(directory.Path).Should().ContainSingle("every writer renamed its temporary file over the target");
    }

    [Fact]
    public void DumpToFile_TwoProcessesToOneTargetWhileOneLoads_EveryCallSucceedsAndSeesWholeValues()
    {
        using var directory = new TempDirectory();
        var target = directory.File("shared.pickle");
        Pickle.DumpToFile(DumpLoop.Value(-1), target);
        var errors = new ConcurrentQueue<string>();
        var loads = 0;
        using var writing = new CancellationTokenSource();
        using var child = ChildProcess.Start(DumpLoop.Command, target, "400");
        string[] childLines;
        try
        {
            child.StandardOutput.ReadLine().Should().Be("ready");
            var readers = StartThreads(1, _ => LoadUntil(target, errors, ref loads, writing.Token));
            child.StandardInput.WriteLine("go");
            child.StandardInput.Flush();
            for (var i = 0; i < 400; i++)
            {
                Record(errors, DumpLoop.TryDump(target, i));
            }

            childLines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            child.WaitForExit();
            writing.Cancel();
            Join(readers);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        output.WriteLine($"2 × 400 dumps and {loads} loads: {errors.Count} failed here{Breakdown(errors)}, {childLines.Length - 1} in the child{Breakdown(childLines.SkipLast(1))}");
        errors.Should().BeEmpty("this process's dumps and loads must all succeed");
        childLines.Should().Equal(["done"], "the child's dumps must all succeed");
        DumpLoop.TryLoad(target).Should().BeNull();
        Directory.GetFiles(directory.Path).Should().ContainSingle("every writer renamed its temporary file over the target");
    }

    private static void LoadUntil(string target, ConcurrentQueue<string> errors, ref int loads, CancellationToken stop)
    {
        do
        {
            Record(errors, DumpLoop.TryLoad(target));
            Interlocked.Increment(ref loads);
        }
        while (!stop.IsCancellationRequested);
    }

    /// <summary>How many failures of each kind ("DumpToFile: FileNotFoundException"), for the test's output.</summary>
    private static string Breakdown(IEnumerable<string> errors) =>
        string.Concat(errors.GroupBy(e => string.Join(':', e.Split(':').Take(2))).Select(g => $"; {g.Count()} × {g.Key}"));

    private static void Record(ConcurrentQueue<string> errors, string? error)
    {
        if (error is not null)
        {
            errors.Enqueue(error);
        }
    }

    private static Thread[] StartThreads(int count, Action<int> body)
    {
        var threads = Enumerable.Range(0, count).Select(n => new Thread(() => body(n))).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        return threads;
    }

    private static void Join(Thread[] threads)
    {
        foreach (var thread in threads)
        {
            thread.Join();
        }
    }

    private static int Length(ChainLink? link)
    {
        var count = 0;
        for (; link is not null; link = link.Next)
        {
            count++;
        }

        return count;
    }
}
