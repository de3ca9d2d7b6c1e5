using System.Text;
using Pickling.Tests.Support;

namespace Pickling.Tests;

/// <summary>
/// A seeded mutation fuzz run inside the suite: thousands of damaged variants of real frames, each loaded as the
/// type it was dumped as and as another type, must load or throw <see cref="PickleException"/>. The long-running
/// version of the same property is tests/Pickle.Fuzz.
/// </summary>
public class FuzzTests
{
    private const int Iterations = 6000;

    [Theory]
    [InlineData(20261125)]
    [InlineData(4)]
    public void Load_MutatedFrames_LoadOrThrowPickleException(int seed)
    {
        var mutator = new FrameMutator(seed);
        var failures = new StringBuilder();
        for (var i = 0; i < Iterations / 2; i++)
        {
            var (frame, type) = mutator.Next();
            var other = FrameMutator.ExtraTargets[mutator.Random.Next(FrameMutator.ExtraTargets.Count)];
            var chunk = i % 10 == 0 ? 1 + mutator.Random.Next(64) : 0;
            foreach (var target in new[] { type, other })
            {
                if (FuzzTarget.Check(frame, target, chunk) is { } error)
                {
                    failures.AppendLine(System.Globalization.CultureInfo.InvariantCulture, $"{target}: {Convert.ToHexString(frame)}: {error.GetType()}: {error.Message}");
                }
            }
        }

        failures.ToString().Should().BeEmpty();
    }

    [Fact]
    public void FrameMutator_SameSeed_MakesSameFrames()
    {
        var first = new FrameMutator(7);
        var second = new FrameMutator(7);

        for (var i = 0; i < 50; i++)
        {
            first.Next().Frame.Should().Equal(second.Next().Frame);
        }
    }
}
