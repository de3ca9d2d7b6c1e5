using Pickling.Internal;

namespace Pickling.Tests.Internal;

public class HelpOrWaitTests
{
    [Fact]
    public void Complete_RunsTheWorkExactlyOnce()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var runs = 0;
            var work = new HelpOrWait(() => Interlocked.Increment(ref runs));

            work.Complete();
            work.Stop();

            Volatile.Read(ref runs).Should().Be(1);
        }
    }

    [Fact]
    public async Task Complete_WhenNoPoolThreadIsFree_RunsTheWorkOnTheCallingThread()
    {
        // Queue more blocking items than the pool has threads, ahead of the work, so that it cannot start there before Complete runs it.
        using var release = new ManualResetEventSlim();
        var blockers = Enumerable.Range(0, ThreadPool.ThreadCount + 2).Select(_ => Task.Factory.StartNew(release.Wait, TaskCreationOptions.PreferFairness)).ToArray();
        var caller = Environment.CurrentManagedThreadId;
        var ranOn = -1;
        var work = new HelpOrWait(() => ranOn = Environment.CurrentManagedThreadId);

        work.Complete();
        release.Set();
        await Task.WhenAll(blockers);

        ranOn.Should().Be(caller);
    }

    [Fact]
    public void Complete_WorkThatThrows_RethrowsItsException()
    {
        var work = new HelpOrWait(() => throw new InvalidOperationException("broken"));

        var act = work.Complete;

        act.Should().Throw<InvalidOperationException>().WithMessage("broken");
    }

    [Fact]
    public void Stop_TheWorkIsNotRunningAfterwards()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var runs = 0;
            var work = new HelpOrWait(() => Interlocked.Increment(ref runs));

            work.Stop();
            var afterStop = Volatile.Read(ref runs);
            Thread.Sleep(attempt == 0 ? 50 : 0);

            Volatile.Read(ref runs).Should().Be(afterStop, "once Stop returns, the work has either run or never will");
        }
    }
}
