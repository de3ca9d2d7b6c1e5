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
    /// <summary>How much of the third frame is in the file: from its start, or (negative) all but that many bytes.</summary>
    public static TheoryData<int> TornTailLengths => [1, 3, 4, 5, 6, 7, 12, 30, 37, 38, 39, 60, 100, -20, -9, -8, -4, -1];

    [Theory]
    [MemberData(nameof(TornTailLengths))]
    public void OpenAppend_LastFrameCutShort_CutsItAndAppendsAfterTheLastWholeFrame(int tornLength)
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var whole = WriteLog(path, "first", "second");
        var torn = Pickle.DumpToBytes(new string('x', 100));
        AppendBytes(path, tornLength > 0 ? torn[..tornLength] : torn[..^-tornLength]);

        using (var file = Pickle.OpenAppend(path))
        {
            file.Position.Should().Be(whole.Length);
            Pickle.Dump("after the crash", file);
        }

        Pickle.LoadAllFromFile<string>(path).Should().Equal("first", "second", "after the crash");
        File.ReadAllBytes(path)[..whole.Length].Should().Equal(whole, "the whole frames are kept byte for byte");
    }

    [Fact]
    public void OpenAppend_OnlyFrameCutShort_CutsTheFileToNothing()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        File.WriteAllBytes(path, Pickle.DumpToBytes(new int[50])[..70]);

        using (var file = Pickle.OpenAppend(path))
        {
            file.Position.Should().Be(0);
            Pickle.Dump(7, file);
        }

        Pickle.LoadAllFromFile<int>(path).Should().Equal(7);
    }

    [Fact]
    public void OpenAppend_SignedFrameCutInItsSignature_CutsIt()
    {
        using var directory = new TempDirectory();
        var path = directory.File("signed.pickle");
        var options = PickleOptions.Default with { SigningKey = new byte[32] };
        var whole = Pickle.DumpToBytes(1, options);
        var torn = Pickle.DumpToBytes(2, options);
        File.WriteAllBytes(path, [.. whole, .. torn[..^20]]);

        using (var file = Pickle.OpenAppend(path))
        {
            Pickle.Dump(3, file, options);
        }

        Pickle.LoadAllFromFile<int>(path, options).Should().Equal(1, 3);
    }

    [Fact]
    public void OpenAppend_WholeLog_AppendsWithoutChangingIt()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var whole = WriteLog(path, "a", "b");

        using (var file = Pickle.OpenAppend(path))
        {
            file.Position.Should().Be(whole.Length);
            Pickle.Dump("c", file);
        }

        File.ReadAllBytes(path)[..whole.Length].Should().Equal(whole);
        Pickle.LoadAllFromFile<string>(path).Should().Equal("a", "b", "c");
    }

    [Fact]
    public void OpenAppend_LastFrameWholeButChecksumDamaged_ThrowsNamingItAndChangesNothing()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var whole = WriteLog(path, "a", "b");
        var before = Damage(path, whole.Length - 1);

        var act = () => Pickle.OpenAppend(path);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(Pickle.DumpToBytes("a").Length);
        error.IsTruncated.Should().BeFalse();
        error.Message.Should().Be(
            $"Pickle.OpenAppend did not open '{path}': frame 2 at byte offset {error.FrameOffset:N0} is damaged: its checksum does not match its contents. " +
            "That is not the remains of an interrupted append, so nothing was cut, and a frame appended after it could not be loaded. " +
            $"Copy the intact frames to a new file with 'pickle repair {path} -o OUT', check it, and append to that.");
        error.InnerException.Should().BeOfType<PickleDamagedException>();
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Fact]
    public void OpenAppend_DamagedHeaderFollowedByGoodFrames_ThrowsAndChangesNothing()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        WriteLog(path, "a", "b", "c");
        var second = Pickle.DumpToBytes("a").Length;
        var before = Damage(path, second + 10);

        var act = () => Pickle.OpenAppend(path);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(second);
        error.Message.Should().Contain("header checksum does not match").And.Contain("pickle repair");
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Fact]
    public void OpenAppend_IncompleteFrameFollowedByLaterFrames_ThrowsAndChangesNothing()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var first = Pickle.DumpToBytes("a");
        var torn = Pickle.DumpToBytes(new string('x', 5000))[..300];
        var later = Pickle.DumpToBytes("appended by a writer that did not cut the torn frame");
        var before = (byte[])[.. first, .. torn, .. later];
        File.WriteAllBytes(path, before);

        var act = () => Pickle.OpenAppend(path);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(first.Length);
        error.Message.Should().Contain($"another frame's header starts inside it at byte offset {first.Length + torn.Length:N0}");
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("{\"json\": true}")]
    public void OpenAppend_BytesThatAreNotAFrameAfterTheLastOne_ThrowsAndChangesNothing(string junk)
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var whole = WriteLog(path, "a");
        AppendBytes(path, System.Text.Encoding.UTF8.GetBytes(junk));
        var before = File.ReadAllBytes(path);

        var act = () => Pickle.OpenAppend(path);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(whole.Length);
        File.ReadAllBytes(path).Should().Equal(before);
    }

    [Fact]
    public void OpenAppend_FileThatIsNotAPickle_ThrowsAndChangesNothing()
    {
        using var directory = new TempDirectory();
        var path = directory.File("notes.txt");
        File.WriteAllText(path, "These are my notes, not a pickle.");

        var act = () => Pickle.OpenAppend(path);

        act.Should().Throw<PickleDamagedException>().WithMessage("*frame 1 at byte offset 0 cannot be read: The data is not a pickle*");
        File.ReadAllText(path).Should().Be("These are my notes, not a pickle.");
    }

    [Fact]
    public void OpenAppend_TornTailWhileAnotherHandleIsOpen_ThrowsIOExceptionAndCutsNothing()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        WriteLog(path, "a");
        AppendBytes(path, Pickle.DumpToBytes("b")[..10]);
        var before = File.ReadAllBytes(path);

        using (Pickle.OpenRead(path))
        {
            var act = () => Pickle.OpenAppend(path);

            act.Should().Throw<IOException>().WithMessage("*ends in an incomplete frame*another writer may be in the middle of appending*");
        }

        File.ReadAllBytes(path).Should().Equal(before);
        using (Pickle.OpenAppend(path))
        {
        }

        Pickle.LoadAllFromFile<string>(path).Should().Equal("a");
    }

    [Fact]
    public async Task OpenAppendAsync_LastFrameCutShort_CutsItAndAppends()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        WriteLog(path, 1, 2);
        AppendBytes(path, Pickle.DumpToBytes(3)[..^1]);

        await using (var file = await Pickle.OpenAppendAsync(path))
        {
            await Pickle.DumpAsync(4, file);
        }

        Pickle.LoadAllFromFile<int>(path).Should().Equal(1, 2, 4);
    }

    [Fact]
    public async Task OpenAppendAsync_DamagedLastFrame_ThrowsPickleDamagedException()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        var whole = WriteLog(path, 1);
        Damage(path, whole.Length - 2);

        var act = async () => await Pickle.OpenAppendAsync(path);

        (await act.Should().ThrowAsync<PickleDamagedException>()).Which.FrameIndex.Should().Be(1);
    }

    [Fact]
    public async Task OpenAppendAsync_CancelledToken_ThrowsOperationCanceledException()
    {
        using var directory = new TempDirectory();
        var path = directory.File("events.pickle");
        WriteLog(path, 1);

        var act = async () => await Pickle.OpenAppendAsync(path, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public async Task OpenAppendAsync_EmptyPath_ThrowsArgumentException()
    {
        var act = async () => await Pickle.OpenAppendAsync("");

        await act.Should().ThrowAsync<ArgumentException>();
    }

    private static byte[] WriteLog<T>(string path, params T[] values)
    {
        using (var file = Pickle.OpenWrite(path))
        {
            foreach (var value in values)
            {
                Pickle.Dump(value, file);
            }
        }

        return File.ReadAllBytes(path);
    }

    private static void AppendBytes(string path, byte[] bytes)
    {
        using var file = new FileStream(path, FileMode.Append);
        file.Write(bytes);
    }

    /// <summary>Flips a bit of the byte at <paramref name="offset"/>; returns the file's bytes after.</summary>
    private static byte[] Damage(string path, long offset)
    {
        var bytes = File.ReadAllBytes(path);
        bytes[offset] ^= 0x04;
        File.WriteAllBytes(path, bytes);
        return bytes;
    }
}
