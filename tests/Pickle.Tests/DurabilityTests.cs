using Pickling.Internal;
using Pickling.Tests.Models;
using Pickling.Tests.Support;
using Xunit.Abstractions;

namespace Pickling.Tests;

public class DurabilityTests(ITestOutputHelper output)
{
    private const int Kills = 50;

    [Fact]
    public void DumpToFile_WriterKilledAtRandomMoments_TargetIsAlwaysWholeAndTempFilesAreCleaned()
    {
        using var directory = new TempDirectory();
        var target = directory.File("state.pickle");
        var random = new Random(20261125);
        var sequences = new List<long>();
        var leftovers = 0;

        for (var kill = 0; kill < Kills; kill++)
        {
            using var writer = ChildProcess.Start(CrashWriter.Command, target);
            writer.StandardOutput.ReadLine().Should().Be("ready", "the writer must have written its first value");
            Thread.Sleep(random.Next(0, 120));
            writer.Kill();
            writer.WaitForExit();

            var state = Pickle.LoadFromFile<CrashState>(target);
            state.IsConsistent.Should().BeTrue($"the file after kill {kill} must be one whole value");
            sequences.Add(state.Sequence);
            leftovers = Math.Max(leftovers, Directory.GetFiles(directory.Path).Length - 1);
        }

        var afterKills = Directory.GetFiles(directory.Path);
        Pickle.DumpToFile(CrashState.Create(-1), target);
        Directory.GetFiles(directory.Path).Should().BeEquivalentTo(afterKills, "a freshly written temporary file may be a live writer's");
        foreach (var temp in afterKills.Where(f => f != target))
        {
            File.SetLastWriteTimeUtc(temp, DateTime.UtcNow - TempFiles.AbandonedAfter - TimeSpan.FromMinutes(1));
        }

        Pickle.DumpToFile(CrashState.Create(-2), target);

        Directory.GetFiles(directory.Path).Should().ContainSingle("the next DumpToFile removes what killed writers left, once it is old enough to be abandoned");
        sequences.Should().Contain(s => s > 0, "some kills must land after the writer replaced the file at least once");
        output.WriteLine($"{Kills} kills survived; sequences reached: {string.Join(", ", sequences)}; {leftovers} temporary file(s) left by killed writers, kept until abandoned");
    }
}
