using System.Reflection;

namespace Pickling.Tests.Support;

/// <summary>
/// Loads one fuzzed frame as one type and tells whether Pickle kept its promise: the load either succeeds or
/// throws a <see cref="PickleException"/>. Anything else is returned as the failure.
/// </summary>
public static class FuzzTarget
{
    private static readonly MethodInfo LoadBytesMethod =
        typeof(FuzzTarget).GetMethod(nameof(LoadBytes), BindingFlags.NonPublic | BindingFlags.Static)!;

    private static readonly MethodInfo LoadStreamMethod =
        typeof(FuzzTarget).GetMethod(nameof(LoadStream), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Returns <see langword="null"/> when the promise held, otherwise the unexpected exception.</summary>
    public static Exception? Check(byte[] frame, Type type, int streamChunk = 0)
    {
        try
        {
            if (streamChunk > 0)
            {
                LoadStreamMethod.MakeGenericMethod(type).Invoke(null, [frame, streamChunk]);
            }
            else
            {
                LoadBytesMethod.MakeGenericMethod(type).Invoke(null, [frame]);
            }

            return null;
        }
        catch (TargetInvocationException e) when (e.InnerException is PickleException)
        {
            return null;
        }
        catch (TargetInvocationException e)
        {
            return e.InnerException;
        }
    }

    private static object? LoadBytes<T>(byte[] frame) => Pickle.LoadFromBytes<T>(frame);

    private static object? LoadStream<T>(byte[] frame, int chunk) => Pickle.Load<T>(new TrickleStream(new MemoryStream(frame), chunk));
}
