using System.Globalization;
using Pickling.Tests.Support;

namespace Pickling.Tests;

public class PickleDamagedExceptionTests
{
    [Fact]
    public void LoadAllFromFile_ThirdFrameChecksumDamaged_NamesFrameThreeAndItsOffset()
    {
        using var directory = new TempDirectory();
        var (path, offsets) = WriteFrames(directory, "log.pickle", 10, 20, 30, 40);
        FlipByte(path, offsets[3] - 1);

        var loaded = new List<int>();
        var act = () => loaded.AddRange(Pickle.LoadAllFromFile<int>(path));

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(3);
        error.FrameOffset.Should().Be(offsets[2]);
        error.IsTruncated.Should().BeFalse();
        error.Message.Should().Be(
            $"The pickle is damaged in frame 3 at byte offset {offsets[2]:N0}: its checksum does not match its contents. " +
            "The file was corrupted or cut short after it was written; restore it from a good copy.");
        loaded.Should().Equal(10, 20);
    }

    [Fact]
    public void LoadAllFromFile_LastFrameCutShort_IsTruncatedAndNamesTheFrame()
    {
        using var directory = new TempDirectory();
        var (path, offsets) = WriteFrames(directory, "torn.pickle", 1, 2);
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.SetLength(file.Length - 3);
        }

        var act = () => Pickle.LoadAllFromFile<int>(path).ToList();

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.IsTruncated.Should().BeTrue();
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(offsets[1]);
        error.Message.Should().StartWith($"The pickle is damaged in frame 2 at byte offset {offsets[1]:N0}: the stream ends in the middle of a frame");
    }

    [Fact]
    public void LoadAll_OffsetOverOneThousand_IsWrittenWithGroupSeparators()
    {
        var values = Enumerable.Range(0, 3).Select(i => new string((char)('a' + i), 600)).ToArray();
        var bytes = Concat(values.Select(v => Pickle.DumpToBytes(v)).ToArray());
        var secondOffset = Pickle.DumpToBytes(values[0]).Length;
        bytes[^1] ^= 0x01;

        var act = () => Pickle.LoadAll<string>(new MemoryStream(bytes)).ToList();

        secondOffset.Should().BeGreaterThan(600);
        act.Should().Throw<PickleDamagedException>()
            .WithMessage($"*frame 3 at byte offset {(2 * secondOffset).ToString("N0", CultureInfo.CurrentCulture)}:*");
    }

    [Fact]
    public void LoadAll_SeekableStreamNotAtItsStart_GivesPositionsInTheStream()
    {
        var bytes = Concat(new byte[] { 1, 2, 3, 4, 5 }, Pickle.DumpToBytes(1), Pickle.DumpToBytes(2));
        bytes[^1] ^= 0x01;
        var stream = new MemoryStream(bytes) { Position = 5 };

        var act = () => Pickle.LoadAll<int>(stream).ToList();

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2, "frames are counted from where LoadAll started");
        error.FrameOffset.Should().Be(5 + Pickle.DumpToBytes(1).Length);
    }

    [Fact]
    public void LoadAll_NonSeekableStream_CountsOffsetsFromWhereItStarted()
    {
        var first = Pickle.DumpToBytes("first");
        var bytes = Concat(first, Pickle.DumpToBytes("second"));
        bytes[first.Length + 6] ^= 0x01;

        var act = () => Pickle.LoadAll<string>(new TrickleStream(new MemoryStream(bytes), maxRead: 7)).ToList();

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(first.Length);
        error.Message.Should().Contain($"frame 2 at byte offset {first.Length:N0}");
    }

    [Fact]
    public async Task LoadAllAsync_SecondFrameHeaderDamaged_NamesFrameTwo()
    {
        var first = Pickle.DumpToBytes(1);
        var bytes = Concat(first, Pickle.DumpToBytes(2));
        bytes[first.Length + 8] ^= 0x01;

        var act = async () =>
        {
            await foreach (var _ in Pickle.LoadAllAsync<int>(new MemoryStream(bytes)))
            {
            }
        };

        var error = (await act.Should().ThrowAsync<PickleDamagedException>()).Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(first.Length);
        error.Message.Should().Contain("header checksum does not match");
    }

    [Fact]
    public async Task LoadAllFromFileAsync_SecondFrameDamaged_NamesFrameTwo()
    {
        using var directory = new TempDirectory();
        var (path, offsets) = WriteFrames(directory, "log.pickle", 1, 2);
        FlipByte(path, offsets[2] - 1);

        var act = async () =>
        {
            await foreach (var _ in Pickle.LoadAllFromFileAsync<int>(path))
            {
            }
        };

        var error = (await act.Should().ThrowAsync<PickleDamagedException>()).Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(offsets[1]);
    }

    [Fact]
    public void Load_SeekableStream_GivesTheOffsetButNoIndex()
    {
        var bytes = Concat(Pickle.DumpToBytes(1), Pickle.DumpToBytes(2));
        bytes[^1] ^= 0x01;
        var stream = new MemoryStream(bytes);
        Pickle.Load<int>(stream);
        var offset = stream.Position;

        var act = () => Pickle.Load<int>(stream);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().BeNull("a single Load does not know how many frames came before");
        error.FrameOffset.Should().Be(offset);
        error.Message.Should().StartWith($"The pickle is damaged in the frame at byte offset {offset:N0}: its checksum does not match");
    }

    [Fact]
    public async Task LoadAsync_NonSeekableStream_KnowsNoPlaceAndKeepsTheMessage()
    {
        var bytes = Pickle.DumpToBytes(1);
        bytes[^1] ^= 0x01;

        var act = async () => await Pickle.LoadAsync<int>(new TrickleStream(new MemoryStream(bytes)));

        var error = (await act.Should().ThrowAsync<PickleDamagedException>()).Which;
        error.FrameIndex.Should().BeNull();
        error.FrameOffset.Should().BeNull();
        error.Message.Should().StartWith("The pickle is damaged: its checksum does not match its contents.");
    }

    [Fact]
    public void LoadFromFile_DamagedFrame_IsFrameOneAtOffsetZero()
    {
        using var directory = new TempDirectory();
        var path = directory.File("one.pickle");
        Pickle.DumpToFile(new[] { 1, 2, 3 }, path);
        FlipByte(path, 20);

        var act = () => Pickle.LoadFromFile<int[]>(path);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(1);
        error.FrameOffset.Should().Be(0);
        error.Message.Should().StartWith("The pickle is damaged in frame 1 at byte offset 0:");
    }

    [Fact]
    public async Task LoadFromFileAsync_FileCutShort_IsFrameOneAtOffsetZero()
    {
        using var directory = new TempDirectory();
        var path = directory.File("one.pickle");
        await File.WriteAllBytesAsync(path, Pickle.DumpToBytes("text")[..^2]);

        var act = async () => await Pickle.LoadFromFileAsync<string>(path);

        var error = (await act.Should().ThrowAsync<PickleDamagedException>()).Which;
        error.FrameIndex.Should().Be(1);
        error.FrameOffset.Should().Be(0);
        error.IsTruncated.Should().BeTrue();
    }

    [Fact]
    public void LoadFromBytes_DamagedFrame_IsFrameOneAtOffsetZero()
    {
        var bytes = Pickle.DumpToBytes("text");
        bytes[^3] ^= 0x01;

        var act = () => Pickle.LoadFromBytes<string>(bytes);

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(1);
        error.FrameOffset.Should().Be(0);
    }

    [Fact]
    public void LoadAllFromFile_LargeArrayFrameDamaged_NamesTheFrameItWasStreamedFrom()
    {
        using var directory = new TempDirectory();
        var path = directory.File("arrays.pickle");
        using (var file = Pickle.OpenWrite(path))
        {
            Pickle.Dump(new float[10], file);
            Pickle.Dump(new float[400_000], file);
        }

        var secondOffset = Pickle.DumpToBytes(new float[10]).Length;
        FlipByte(path, secondOffset + 200_000);

        var act = () => Pickle.LoadAllFromFile<float[]>(path).ToList();

        var error = act.Should().Throw<PickleDamagedException>().Which;
        error.FrameIndex.Should().Be(2);
        error.FrameOffset.Should().Be(secondOffset);
    }

    [Fact]
    public void LoadAllFromFile_JunkAfterFrames_IsAPickleExceptionButNotDamage()
    {
        using var directory = new TempDirectory();
        var path = directory.File("junk.pickle");
        File.WriteAllBytes(path, Concat(Pickle.DumpToBytes(1), "{\"not\": \"a pickle\"}"u8.ToArray()));

        var act = () => Pickle.LoadAllFromFile<int>(path).ToList();

        act.Should().Throw<PickleException>().Which.Should().NotBeOfType<PickleDamagedException>();
    }

    [Fact]
    public void Constructor_WithPlace_KeepsThePlaceAndTheMessage()
    {
        var inner = new InvalidOperationException("cause");

        var error = new PickleDamagedException("frame 4 is bad", frameIndex: 4, frameOffset: 1234, isTruncated: true, inner);

        error.FrameIndex.Should().Be(4);
        error.FrameOffset.Should().Be(1234);
        error.IsTruncated.Should().BeTrue();
        error.Message.Should().Be("frame 4 is bad");
        error.InnerException.Should().BeSameAs(inner);
    }

    [Fact]
    public void Constructor_NoArguments_SaysTheFrameIsDamagedAndKnowsNoPlace()
    {
        var error = new PickleDamagedException();

        error.Message.Should().StartWith("The pickle is damaged");
        error.FrameIndex.Should().BeNull();
        error.FrameOffset.Should().BeNull();
        error.IsTruncated.Should().BeFalse();
        error.Should().BeAssignableTo<PickleException>();
    }

    [Fact]
    public void Constructor_FrameIndexZero_ThrowsArgumentOutOfRangeException()
    {
        var act = () => new PickleDamagedException("bad", frameIndex: 0, frameOffset: 0, isTruncated: false, innerException: null);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("frameIndex");
    }

    [Fact]
    public void Constructor_NegativeOffset_ThrowsArgumentOutOfRangeException()
    {
        var act = () => new PickleDamagedException("bad", frameIndex: 1, frameOffset: -1, isTruncated: false, innerException: null);

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("frameOffset");
    }

    private static (string Path, long[] Offsets) WriteFrames(TempDirectory directory, string name, params int[] values)
    {
        var path = directory.File(name);
        var offsets = new List<long> { 0 };
        using (var file = Pickle.OpenWrite(path))
        {
            foreach (var value in values)
            {
                Pickle.Dump(value, file);
                file.Flush();
                offsets.Add(file.Position);
            }
        }

        return (path, offsets.ToArray());
    }

    private static void FlipByte(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        file.Position = offset;
        var value = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(value ^ 0x01));
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
