using System.Runtime;

namespace Pickling.Tests.Support;

/// <summary>
/// Runs code in a region where the garbage collector does not run, for tests of what holds only while no collection
/// moves objects. Such tests belong to the collection that runs alone (<see cref="Name"/>): one region at a time.
/// </summary>
public static class NoCollections
{
    /// <summary>The name of the test collection that runs alone, for the tests that use <see cref="Run{T}"/>.</summary>
    public const string Name = "No collections";

    /// <summary>Runs <paramref name="run"/> with no collection while it allocates less than 64 MiB, and returns what it returns.</summary>
    public static T Run<T>(Func<T> run)
    {
        GC.TryStartNoGCRegion(64L << 20).Should().BeTrue("the test needs a region without collections");
        try
        {
            return run();
        }
        finally
        {
            if (GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
    }
}
