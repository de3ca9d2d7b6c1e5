using System.Diagnostics;
using System.Runtime.Versioning;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal.IO;

/// <summary>What DumpToFile keeps of the file it replaces: its mode and owner; and the names it accepts.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AtomicFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [UnixFact]
    public void DumpToFile_ExistingFileWithMode0600_KeepsMode0600()
    {
        var path = _directory.File("secret.pickle");
        Pickle.DumpToFile("old", path);
        File.SetUnixFileMode(path, OwnerOnly);

        Pickle.DumpToFile("new", path);

        File.GetUnixFileMode(path).Should().Be(OwnerOnly);
        Pickle.LoadFromFile<string>(path).Should().Be("new");
    }

    [UnixFact]
    public void DumpToFile_ExistingReadOnlyFile_ReplacesItAndKeepsItReadOnly()
    {
        var path = _directory.File("frozen.pickle");
        Pickle.DumpToFile("old", path);
        File.SetUnixFileMode(path, ReadOnly);

        Pickle.DumpToFile("new", path);

        File.GetUnixFileMode(path).Should().Be(ReadOnly);
        Pickle.LoadFromFile<string>(path).Should().Be("new");
    }

    [UnixFact]
    public void DumpToFile_NewFile_GetsTheModeTheUmaskGivesAsWriteAllBytesDoes()
    {
        var path = _directory.File("new.pickle");
        var reference = _directory.File("reference.bin");
        File.WriteAllBytes(reference, []);

        Pickle.DumpToFile("new", path);

        File.GetUnixFileMode(path).Should().Be(File.GetUnixFileMode(reference));
    }

    [UnixFact(NeedsRoot = true)]
    public void DumpToFile_ExistingFileOfAnotherOwner_KeepsItsOwnerAndGroup()
    {
        var path = _directory.File("theirs.pickle");
        Pickle.DumpToFile("old", path);
        Run("chown", "4321:8765", path);
        File.SetUnixFileMode(path, OwnerOnly);

        Pickle.DumpToFile("new", path);

        Run("stat", "-c", "%u:%g", path).Should().Be("4321:8765");
        File.GetUnixFileMode(path).Should().Be(OwnerOnly);
    }

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

    private static string Run(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var text = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        process.ExitCode.Should().Be(0, $"{command} must succeed");
        return text;
    }
}
