using System.Diagnostics;
using System.Runtime.Versioning;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal.IO;

/// <summary>What DumpToFile keeps of the file it replaces: its mode, owner and symbolic links, and any name the file system accepts.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class AtomicFileTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    /// <summary>Modes narrower than the default, wider than the umask lets a new file have, read-only and executable.</summary>
    public static TheoryData<UnixFileMode> Modes => new()
    {
        OwnerOnly,
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite,
        UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
    };

    [UnixTheory]
    [MemberData(nameof(Modes))]
    public void DumpToFile_ExistingFileWithMode_ReplacesItAndKeepsTheMode(UnixFileMode mode)
    {
        var path = _directory.File("file.pickle");
        Pickle.DumpToFile("old", path);
        File.SetUnixFileMode(path, mode);

        Pickle.DumpToFile("new", path);

        File.GetUnixFileMode(path).Should().Be(mode);
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

    [UnixFact]
    public void DumpToFile_SymbolicLink_ReplacesTheFileItPointsToAndKeepsTheLink()
    {
        var real = _directory.File("real.pickle");
        var link = _directory.File("link.pickle");
        Pickle.DumpToFile("old", real);
        File.SetUnixFileMode(real, OwnerOnly);
        File.CreateSymbolicLink(link, "real.pickle");

        Pickle.DumpToFile("new", link);

        new FileInfo(link).LinkTarget.Should().Be("real.pickle");
        Pickle.LoadFromFile<string>(real).Should().Be("new");
        File.GetUnixFileMode(real).Should().Be(OwnerOnly);
        Names(_directory.Path).Should().BeEquivalentTo("real.pickle", "link.pickle");
    }

    [UnixFact]
    public void DumpToFile_SymbolicLinkIntoAnotherFolder_WritesBesideTheTargetAndLeavesNoTempFile()
    {
        var links = Directory.CreateDirectory(_directory.File("links")).FullName;
        var data = Directory.CreateDirectory(_directory.File("data")).FullName;
        var real = Path.Combine(data, "real.pickle");
        var link = Path.Combine(links, "link.pickle");
        Pickle.DumpToFile("old", real);
        File.CreateSymbolicLink(link, "../data/real.pickle");

        Pickle.DumpToFile("new", link);

        Pickle.LoadFromFile<string>(real).Should().Be("new");
        new FileInfo(link).LinkTarget.Should().Be("../data/real.pickle");
        Names(links).Should().Equal("link.pickle");
        Names(data).Should().Equal("real.pickle");
    }

    [UnixFact]
    public void DumpToFile_ChainOfSymbolicLinks_ReplacesTheFinalTargetAndKeepsEveryLink()
    {
        var real = _directory.File("real.pickle");
        var middle = _directory.File("middle.pickle");
        var first = _directory.File("first.pickle");
        Pickle.DumpToFile("old", real);
        File.CreateSymbolicLink(middle, real);
        File.CreateSymbolicLink(first, "middle.pickle");

        Pickle.DumpToFile("new", first);

        Pickle.LoadFromFile<string>(real).Should().Be("new");
        new FileInfo(first).LinkTarget.Should().Be("middle.pickle");
        new FileInfo(middle).LinkTarget.Should().Be(real);
    }

    [UnixFact]
    public void DumpToFile_RelativeLinkUpFromALinkedFolder_ReplacesTheFileTheSystemResolvesItTo()
    {
        // a/linked -> ../b/inner, and a/linked/up -> ../file: the system resolves it to b/file, not a/file.
        var a = Directory.CreateDirectory(_directory.File("a")).FullName;
        var inner = Directory.CreateDirectory(_directory.File(Path.Combine("b", "inner"))).FullName;
        var resolved = _directory.File(Path.Combine("b", "file.pickle"));
        var lookalike = Path.Combine(a, "file.pickle");
        Pickle.DumpToFile("resolved", resolved);
        Pickle.DumpToFile("lookalike", lookalike);
        Directory.CreateSymbolicLink(Path.Combine(a, "linked"), "../b/inner");
        File.CreateSymbolicLink(Path.Combine(inner, "up.pickle"), "../file.pickle");

        Pickle.DumpToFile("new", Path.Combine(a, "linked", "up.pickle"));

        Pickle.LoadFromFile<string>(resolved).Should().Be("new");
        Pickle.LoadFromFile<string>(lookalike).Should().Be("lookalike");
    }

    [UnixFact]
    public void DumpToFile_DanglingSymbolicLink_CreatesTheFileItPointsToAndKeepsTheLink()
    {
        var real = _directory.File("real.pickle");
        var link = _directory.File("link.pickle");
        File.CreateSymbolicLink(link, "real.pickle");

        Pickle.DumpToFile("new", link);

        Pickle.LoadFromFile<string>(real).Should().Be("new");
        new FileInfo(link).LinkTarget.Should().Be("real.pickle");
    }

    [UnixFact]
    public void DumpToFile_SymbolicLinkLoop_ThrowsIOExceptionAndLeavesNoTempFile()
    {
        var one = _directory.File("one.pickle");
        var two = _directory.File("two.pickle");
        File.CreateSymbolicLink(one, "two.pickle");
        File.CreateSymbolicLink(two, "one.pickle");

        FluentActions.Invoking(() => Pickle.DumpToFile("new", one)).Should().Throw<IOException>().WithMessage("*symbolic link*loop*");

        Names(_directory.Path).Should().BeEquivalentTo("one.pickle", "two.pickle");
    }

    [UnixFact]
    public void DumpToFile_SymbolicLinkToAFolder_ThrowsIOExceptionAndLeavesNoTempFile()
    {
        Directory.CreateDirectory(_directory.File("folder"));
        File.CreateSymbolicLink(_directory.File("link.pickle"), "folder");

        FluentActions.Invoking(() => Pickle.DumpToFile("new", _directory.File("link.pickle"))).Should().Throw<IOException>();

        Names(_directory.Path).Should().BeEquivalentTo("folder", "link.pickle");
        Directory.EnumerateFileSystemEntries(_directory.File("folder")).Should().BeEmpty();
    }

    [UnixFact]
    public void DumpToFile_PathIsAFolder_ThrowsIOExceptionAndLeavesNoTempFile()
    {
        Directory.CreateDirectory(_directory.File("folder.pickle"));

        FluentActions.Invoking(() => Pickle.DumpToFile("new", _directory.File("folder.pickle"))).Should().Throw<IOException>();

        Names(_directory.Path).Should().Equal("folder.pickle");
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
