namespace Pickling.Tests.Support;

/// <summary>
/// A test that needs several gigabytes of memory and disk: it runs only when the environment variable
/// <c>PICKLE_LARGE_TESTS</c> is <c>1</c> (<c>PICKLE_LARGE_TESTS=1 dotnet test --filter Category=LargeData</c>).
/// </summary>
public sealed class LargeDataFactAttribute : FactAttribute
{
    public LargeDataFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PICKLE_LARGE_TESTS") != "1")
        {
            Skip = "Needs about 8 GB of memory and 3 GB of disk; set PICKLE_LARGE_TESTS=1 to run it.";
        }
    }
}
