using System.Runtime.ExceptionServices;

namespace Pickling.Tests.Support;

/// <summary>Runs code on a thread of its own with a given stack size, for the stack-space guards.</summary>
public static class StackThreads
{
    /// <summary>Runs <paramref name="function"/> on a new thread with <paramref name="stackSize"/> bytes of stack; rethrows what it throws.</summary>
    public static T Run<T>(Func<T> function, int stackSize)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = function();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }
            },
            stackSize);
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }
}
