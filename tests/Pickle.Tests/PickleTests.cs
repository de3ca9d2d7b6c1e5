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
}
