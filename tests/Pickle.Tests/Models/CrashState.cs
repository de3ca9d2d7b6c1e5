namespace Pickling.Tests.Models;

/// <summary>A value large enough that writing it takes a while, and whose parts all repeat its sequence number.</summary>
public sealed record CrashState(long Sequence, long[] Data, string Label)
{
    public static CrashState Create(long sequence) =>
        new(sequence, Enumerable.Repeat(sequence, 512 * 1024).ToArray(), $"state {sequence}");

    public bool IsConsistent => Data.Length == 512 * 1024 && Data.All(x => x == Sequence) && Label == $"state {Sequence}";
}
