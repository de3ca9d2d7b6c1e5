using Pickling.Internal;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class LogTailTests
{
    [Fact]
    public void FindAsync_LongLog_ReadsTheHeadersAndTheLastFrameOnly()
    {
        var frame = Pickle.DumpToBytes(new byte[100_000]);
        var log = Enumerable.Repeat(frame, 50).SelectMany(f => f).ToArray();
        var stream = new CountingStream(log);

        var end = Find(stream);

        end.IsTorn.Should().BeFalse();
        end.WholeEnd.Should().Be(log.Length);
        stream.BytesRead.Should().BeLessThan(frame.Length + (50 * FrameHeader.MaxLength), "payloads before the last frame are skipped, not read");
    }

    [Fact]
    public void FindAsync_TornTail_GivesTheEndOfTheLastWholeFrame()
    {
        var whole = Pickle.DumpToBytes("whole");
        var log = (byte[])[.. whole, .. Pickle.DumpToBytes("torn")[..^3]];

        var end = Find(new MemoryStream(log));

        end.IsTorn.Should().BeTrue();
        end.WholeEnd.Should().Be(whole.Length);
        end.Length.Should().Be(log.Length);
    }

    [Fact]
    public void FindAsync_EmptyStream_IsWholeAtZero()
    {
        var end = Find(new MemoryStream());

        end.Should().Be(new LogEnd(0, 0));
        end.IsTorn.Should().BeFalse();
    }

    [Fact]
    public async Task FindAsync_Async_FindsTheSameEnd()
    {
        var whole = Pickle.DumpToBytes(1);
        var log = (byte[])[.. whole, .. Pickle.DumpToBytes(2)[..5]];

        var end = await LogTail.FindAsync(new MemoryStream(log), "log.pickle", useAsync: true, CancellationToken.None);

        end.WholeEnd.Should().Be(whole.Length);
    }

    private static LogEnd Find(Stream stream) =>
        Synchronously.Complete(LogTail.FindAsync(stream, "log.pickle", useAsync: false, CancellationToken.None));
}
