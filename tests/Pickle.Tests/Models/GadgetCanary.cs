namespace Pickling.Tests.Models;

/// <summary>
/// Stands in for a dangerous type: counts its constructions, so a test can prove that a payload naming it
/// never makes one.
/// </summary>
public sealed class GadgetCanary
{
    private static int constructed;

    public GadgetCanary() => Interlocked.Increment(ref constructed);

    public static int Constructed => Volatile.Read(ref constructed);

    public string? Command { get; set; }
}
