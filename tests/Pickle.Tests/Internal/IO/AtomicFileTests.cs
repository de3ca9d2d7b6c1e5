using Pickling.Tests.Support;

namespace Pickling.Tests.Internal.IO;

/// <summary>What DumpToFile keeps of the file it replaces, and the names it accepts.</summary>
public sealed class AtomicFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void DumpToFile_LongestNameTheFileSystemAccepts_Succeeds()
    {
        var path = _directory.File(new string('n', 255 - ".pickle".Length) + ".pickle");

        Pickle.DumpToFile("old", path);
        Pickle.DumpToFile("new", path);

        Pickle.LoadFromFile<string>(path).Should().Be("new");
        Names(_directory.Path).Should().Equal(Path.GetFileName(path));
    }

    [Fact]
    public void DumpToFile_NameLongerThanTheFileSystemAccepts_ThrowsIOExceptionAndLeavesNoFile()
    {
        var path = _directory.File(new string('n', 256 - ".pickle".Length) + ".pickle");

        FluentActions.Invoking(() => Pickle.DumpToFile("new", path)).Should().Throw<IOException>();

        Names(_directory.Path).Should().BeEmpty();
    }

    private static IEnumerable<string> Names(string directory) =>
        Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).OfType<string>();
}
