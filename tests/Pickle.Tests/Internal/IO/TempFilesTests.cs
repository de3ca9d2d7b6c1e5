using Pickling.Internal;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal.IO;

/// <summary>
/// The temporary files DumpToFile writes beside its target: which ones the next DumpToFile removes as abandoned, and
/// which it must leave because a live writer may still rename them.
/// </summary>
public sealed class TempFilesTests : IDisposable
{
    private const string Target = "shared.pickle";
    private const string OldStyleName = ".shared.pickle.0123456789abcdef0123456789abcdef.pickle-tmp";
    private const string NewStyleName = ".0123456789ab.pickle-tmp";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    public static TheoryData<string> TempNames => new()
    {
        OldStyleName,
        NewStyleName,
        ".other.pickle.0123456789abcdef0123456789abcdef.pickle-tmp",
        ".uvuvuvuvuvuv.pickle-tmp",
    };

    public static TheoryData<string> OtherNames => new()
    {
        "shared.pickle-tmp",
        ".pickle-tmp",
        "..pickle-tmp",
        ".notes.pickle-tmp",
        ".0123456789AB.pickle-tmp",
        ".0123456789abc.pickle-tmp",
        ".0123456789wx.pickle-tmp",
        ".0123456789ab.pickle-tmp.bak",
        "0123456789ab.pickle-tmp",
        ".shared.pickle.backup.pickle-tmp",
        "..0123456789abcdef0123456789abcdef.pickle-tmp",
        ".shared.pickle.0123456789ABCDEF0123456789abcdef.pickle-tmp",
    };

    [Fact]
    public void NewName_ManyTimes_GivesDistinctShortRecognisedNames()
    {
        var names = Enumerable.Range(0, 1000).Select(_ => TempFiles.NewName()).ToList();

        names.Should().OnlyHaveUniqueItems();
        names.Should().AllSatisfy(name =>
        {
            name.Should().HaveLength(NewStyleName.Length);
            TempFiles.IsTempName(name).Should().BeTrue();
        });
    }

    [Theory]
    [MemberData(nameof(TempNames))]
    public void IsTempName_NameOfThisOrAnEarlierVersion_IsTrue(string name) =>
        TempFiles.IsTempName(name).Should().BeTrue();

    [Theory]
    [MemberData(nameof(OtherNames))]
    public void IsTempName_OtherName_IsFalse(string name) =>
        TempFiles.IsTempName(name).Should().BeFalse();

    [Theory]
    [MemberData(nameof(TempNames))]
    public void DumpToFile_FreshUnlockedTempFile_LeavesIt(string name)
    {
        // Another writer's temporary file between its close and its rename: unlocked, just written, still needed.
        var temp = Create(name, age: TimeSpan.Zero);

        Pickle.DumpToFile("new", _directory.File(Target));

        File.Exists(temp).Should().BeTrue("a live writer may still rename it over the target");
    }

    [Theory]
    [MemberData(nameof(TempNames))]
    public void DumpToFile_UnlockedTempFileWrittenWithinTheAge_LeavesIt(string name)
    {
        var temp = Create(name, age: TempFiles.AbandonedAfter / 2);

        Pickle.DumpToFile("new", _directory.File(Target));

        File.Exists(temp).Should().BeTrue("it was written too recently to be taken for abandoned");
    }

    [Theory]
    [MemberData(nameof(TempNames))]
    public void DumpToFile_AbandonedTempFile_RemovesIt(string name)
    {
        var temp = Create(name, age: TempFiles.AbandonedAfter + TimeSpan.FromMinutes(1));

        Pickle.DumpToFile("new", _directory.File(Target));

        File.Exists(temp).Should().BeFalse("nothing has written it for longer than the age and no writer holds it open");
        Pickle.LoadFromFile<string>(_directory.File(Target)).Should().Be("new");
    }

    [Theory]
    [MemberData(nameof(TempNames))]
    public void DumpToFile_OldTempFileStillOpenByItsWriter_LeavesIt(string name)
    {
        var temp = Create(name, age: TempFiles.AbandonedAfter + TimeSpan.FromMinutes(1));
        using var writer = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None);

        Pickle.DumpToFile("new", _directory.File(Target));

        File.Exists(temp).Should().BeTrue("its writer still holds it, however long ago it last wrote");
    }

    [Theory]
    [MemberData(nameof(OtherNames))]
    public void DumpToFile_OldFileNamedLikeATempFile_LeavesIt(string name)
    {
        var other = Create(name, age: TempFiles.AbandonedAfter + TimeSpan.FromMinutes(1));

        Pickle.DumpToFile("new", _directory.File(Target));

        File.Exists(other).Should().BeTrue("only DumpToFile's own temporary files are removed");
    }

    /// <summary>A file in the test's folder, last written <paramref name="age"/> ago.</summary>
    private string Create(string name, TimeSpan age)
    {
        var path = _directory.File(name);
        File.WriteAllBytes(path, [1, 2, 3]);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
        return path;
    }
}
