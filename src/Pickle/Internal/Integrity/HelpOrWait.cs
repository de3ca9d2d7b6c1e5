namespace Pickling.Internal;

/// <summary>
/// Work started on the thread pool that the thread needing its result runs itself if no pool thread has begun it by
/// then. A busy pool therefore never leaves a load or dump waiting for a thread: it only ever waits for work that is
/// already running.
/// </summary>
internal sealed class HelpOrWait
{
    private readonly Action _work;
    private readonly Task _task;
    private int _claimed;

    public HelpOrWait(Action work)
    {
        _work = work;
        _task = Task.Run(Run);
    }

    /// <summary>Finishes the work: runs it on this thread if it has not started, else waits for it (and rethrows what it threw).</summary>
    public void Complete()
    {
        if (Interlocked.Exchange(ref _claimed, 1) == 0)
        {
            _work();
        }
        else
        {
            _task.GetAwaiter().GetResult();
        }
    }

    /// <summary>Makes sure the work is not running once this returns: cancels it if it has not started, else waits for it; never throws.</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _claimed, 1) != 0 && !_task.IsCompleted)
        {
            ((IAsyncResult)_task).AsyncWaitHandle.WaitOne();
        }
    }

    private void Run()
    {
        if (Interlocked.Exchange(ref _claimed, 1) == 0)
        {
            _work();
        }
    }
}
