using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class AppendTests
{
    [Fact]
    public void OpenAppend_OverSeveralRuns_LoadAllFromFileReturnsEveryObjectInOrder()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");

        for (var run = 0; run < 3; run++)
        {
            using var file = Pickle.OpenAppend(path);
            Pickle.Dump(Sample.Member with { Age = run }, file);
            Pickle.Dump(Sample.Member with { Age = run + 100 }, file);
        }

        Pickle.LoadAllFromFile<Member>(path).Select(p => p.Age).Should().Equal(0, 100, 1, 101, 2, 102);
    }

    [Fact]
    public async Task LoadAllFromFileAsync_AppendedFile_ReturnsEveryObjectInOrder()
    {
        using var directory = new TempDirectory();
        var path = directory.File("numbers.pickle");
        foreach (var n in new[] { 1, 2, 3 })
        {
            await using var file = Pickle.OpenAppend(path);
            await Pickle.DumpAsync(n, file);
        }

        var loaded = new List<int>();
        await foreach (var n in Pickle.LoadAllFromFileAsync<int>(path))
        {
            loaded.Add(n);
        }

        loaded.Should().Equal(1, 2, 3);
    }

    [Fact]
    public void LoadAllFromFile_LastFrameCutShort_ReturnsWholeFramesThenThrowsPickleException()
    {
        using var directory = new TempDirectory();
        var path = directory.File("torn.pickle");
        using (var file = Pickle.OpenAppend(path))
        {
            Pickle.Dump(1, file);
            Pickle.Dump(2, file);
        }

        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 3);
        }

        var loaded = new List<int>();
        var act = () =>
        {
            foreach (var n in Pickle.LoadAllFromFile<int>(path))
            {
                loaded.Add(n);
            }
        };

        act.Should().Throw<PickleException>().WithMessage("*damaged*");
        loaded.Should().Equal(1);
    }

    [Fact]
    public void LoadAllFromFile_MissingFile_ThrowsFileNotFoundExceptionWhenEnumerated()
    {
        using var directory = new TempDirectory();

        var values = Pickle.LoadAllFromFile<int>(directory.File("missing.pickle"));
        var act = () => values.ToList();

        act.Should().Throw<FileNotFoundException>();
    }

    [Fact]
    public void OpenAppend_EmptyPath_ThrowsArgumentException()
    {
        var act = () => Pickle.OpenAppend("");

        act.Should().Throw<ArgumentException>();
    }
}
