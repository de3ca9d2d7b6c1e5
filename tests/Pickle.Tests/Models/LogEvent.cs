namespace Pickling.Tests.Models;

/// <summary>
/// One event of the append crash test: a few hundred KB whose every byte and size follow from its run and sequence
/// number, so that an event torn or mixed with another shows.
/// </summary>
public sealed record LogEvent(int Run, long Sequence, byte[] Data)
{
    public static LogEvent Create(int run, long sequence)
    {
        var data = new byte[SizeOf(run, sequence)];
        data.AsSpan().Fill(FillOf(run, sequence));
        return new LogEvent(run, sequence, data);
    }

    public bool IsConsistent => Data.Length == SizeOf(Run, Sequence) && !Data.AsSpan().ContainsAnyExcept(FillOf(Run, Sequence));

    private static int SizeOf(int run, long sequence) => 100_000 + (int)((ulong)((run * 7919L) + (sequence * 104_729L)) % 300_000);

    private static byte FillOf(int run, long sequence) => (byte)((run * 31) + sequence);
}
