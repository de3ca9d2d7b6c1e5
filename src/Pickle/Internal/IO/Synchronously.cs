using System.Diagnostics;

namespace Pickling.Internal;

/// <summary>
/// Runs the shared async code paths synchronously: called with <c>useAsync: false</c>, they never await an
/// incomplete task, so the returned task has already completed.
/// </summary>
internal static class Synchronously
{
    public static T Complete<T>(ValueTask<T> task)
    {
        Debug.Assert(task.IsCompleted, "A synchronous path awaited an incomplete task.");
        return task.GetAwaiter().GetResult();
    }

    public static void Complete(ValueTask task)
    {
        Debug.Assert(task.IsCompleted, "A synchronous path awaited an incomplete task.");
        task.GetAwaiter().GetResult();
    }
}
