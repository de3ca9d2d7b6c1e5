using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class WrittenObjectsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(200)]
    public void TryAdd_ObjectsAddedTwice_AreNumberedInOrderOnceEach(int count)
    {
        var table = new WrittenObjects();
        var objects = Enumerable.Range(0, count).Select(_ => new object()).ToArray();

        for (var i = 0; i < count; i++)
        {
            table.TryAdd(objects[i], out var number).Should().BeTrue();
            number.Should().Be(i);
        }

        for (var i = count - 1; i >= 0; i--)
        {
            table.TryAdd(objects[i], out var number).Should().BeFalse();
            number.Should().Be(i);
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(100)]
    public void Release_AfterObjects_ForgetsThemAndNumbersFromZeroAgain(int count)
    {
        var table = new WrittenObjects();
        var objects = Enumerable.Range(0, count).Select(_ => new object()).ToArray();
        foreach (var value in objects)
        {
            table.TryAdd(value, out _);
        }

        table.Release();

        table.TryAdd(objects[^1], out var first).Should().BeTrue();
        first.Should().Be(0);
        table.TryAdd(objects[0], out var second).Should().BeTrue();
        second.Should().Be(1);
    }
}
