namespace Pickling.Tests;

public class PickleTests
{
    [Fact]
    public void Dump_ThenLoad_ReturnsEqualList()
    {
        using var stream = new MemoryStream();

        Pickle.Dump(new List<int> { 1, 2, 3 }, stream);
        stream.Position = 0;

        Pickle.Load<List<int>>(stream).Should().Equal(1, 2, 3);
    }

    [Fact]
    public void Load_NonSeekableStreamWithSmallPayload_ReturnsValue()
    {
        // Regression: reading a payload under 64 KiB from a stream that cannot seek threw ArgumentException.
        using var stream = new MemoryStream();
        Pickle.Dump(new List<int> { 1, 2, 3 }, stream);
        stream.Position = 0;

        Pickle.Load<List<int>>(new Support.TrickleStream(stream)).Should().Equal(1, 2, 3);
    }
}
