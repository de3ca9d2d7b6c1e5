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
        var options = PickleOptions.Default with { MaxDepth = 64, PreserveReferences = false };
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
        using var shared = new SharedTarget();

        var loaders = shared.StartLoaders(2);
        var writers = StartThreads(Writers, writer =>
        {
            for (var i = 0; i < DumpsEach; i++)
            {
                shared.Dump((writer * DumpsEach) + i);
            }
        });
        Join(writers);
        shared.StopLoaders(loaders);

        output.WriteLine($"{Writers * DumpsEach} dumps and {shared.Loads} loads: {shared.Errors.Count} failed{Breakdown(shared.Errors)}");
        shared.Errors.Should().BeEmpty("concurrent writers and readers of one path must all succeed");
        shared.ShouldHoldOneWholeValueAndNoTempFile();
    }

    [Fact]
    public void DumpToFile_TwoProcessesToOneTargetWhileOneLoads_EveryCallSucceedsAndSeesWholeValues()
    {
        using var shared = new SharedTarget();
        using var child = ChildProcess.Start(DumpLoop.Command, shared.Path, "400");
        string[] childLines;
        try
        {
            child.StandardOutput.ReadLine().Should().Be("ready");
            var loaders = shared.StartLoaders(1);
            child.StandardInput.WriteLine("go");
            child.StandardInput.Flush();
            for (var i = 0; i < 400; i++)
            {
                shared.Dump(i);
            }

            childLines = child.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            child.WaitForExit();
            shared.StopLoaders(loaders);
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }

        output.WriteLine($"2 × 400 dumps and {shared.Loads} loads: {shared.Errors.Count} failed here{Breakdown(shared.Errors)}, {childLines.Length - 1} in the child{Breakdown(childLines.SkipLast(1))}");
        shared.Errors.Should().BeEmpty("this process's dumps and loads must all succeed");
        childLines.Should().Equal(["done"], "the child's dumps must all succeed");
        shared.ShouldHoldOneWholeValueAndNoTempFile();
    }

    /// <summary>How many failures of each kind ("DumpToFile: FileNotFoundException"), for the test's output.</summary>
    private static string Breakdown(IEnumerable<string> errors) =>
        string.Concat(errors.GroupBy(e => string.Join(':', e.Split(':').Take(2))).Select(g => $"; {g.Count()} × {g.Key}"));

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

    /// <summary>One target file shared by the writers, the failures they and the loaders see, and the loaders.</summary>
    private sealed class SharedTarget : IDisposable
    {
        private readonly TempDirectory _directory = new();
        private readonly CancellationTokenSource _writing = new();
        private int _loads;

        public SharedTarget()
        {
            Path = _directory.File("shared.pickle");
            Pickle.DumpToFile(DumpLoop.Value(-1), Path);
        }

        public string Path { get; }

        public ConcurrentQueue<string> Errors { get; } = new();

        public int Loads => Volatile.Read(ref _loads);

        public void Dump(long sequence) => Record(DumpLoop.TryDump(Path, sequence));

        /// <summary>Threads that load the target, each at least once, until <see cref="StopLoaders"/>.</summary>
        public Thread[] StartLoaders(int count) => StartThreads(count, _ =>
        {
            do
            {
                Record(DumpLoop.TryLoad(Path));
                Interlocked.Increment(ref _loads);
            }
            while (!_writing.IsCancellationRequested);
        });

        public void StopLoaders(Thread[] loaders)
        {
            _writing.Cancel();
            Join(loaders);
        }

        public void ShouldHoldOneWholeValueAndNoTempFile()
        {
            DumpLoop.TryLoad(Path).Should().BeNull();
            Directory.GetFiles(_directory.Path).Should().ContainSingle("every writer renamed its temporary file over the target");
        }

        public void Dispose()
        {
            _writing.Dispose();
            _directory.Dispose();
        }

        private void Record(string? error)
        {
            if (error is not null)
            {
                Errors.Enqueue(error);
            }
        }
    }
}
