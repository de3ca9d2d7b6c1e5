using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

/// <summary>
/// The bits by address answer only while no garbage collection runs, so each test that expects an answer other than
/// unknown runs in a region without collections.
/// </summary>
[Collection(NoCollections.Name)]
public class SeenAddressesTests
{
    [Fact]
    public void TestAndSet_ObjectsSeenTwice_AreNewThenAdded()
    {
        var objects = Enumerable.Range(0, 20_000).Select(_ => new object()).ToArray();
        var addresses = new SeenAddresses();

        var (first, second) = NoCollections.Run(() =>
        {
            addresses.Start(maxChunks: 1_000);
            var first = objects.Select(addresses.TestAndSet).ToList();
            var second = objects.Reverse().Select(addresses.TestAndSet).ToList();
            return (first, second);
        });

        first.Should().AllBeEquivalentTo(SeenAddresses.Seen.New);
        second.Should().AllBeEquivalentTo(SeenAddresses.Seen.Added);
    }

    [Fact]
    public void TestAndSet_ObjectsFarApartInManyChunks_AreNewThenAdded()
    {
        // Each object with more than a chunk of the heap after it: one chunk each, so the table of chunks and their
        // bits grow many times over.
        var (objects, spacers) = FarApart(100);
        var addresses = new SeenAddresses();

        var (first, second) = NoCollections.Run(() =>
        {
            addresses.Start(maxChunks: 1_000);
            return (objects.Select(addresses.TestAndSet).ToList(), objects.Select(addresses.TestAndSet).ToList());
        });

        GC.KeepAlive(spacers);
        first.Should().AllBeEquivalentTo(SeenAddresses.Seen.New);
        second.Should().AllBeEquivalentTo(SeenAddresses.Seen.Added);
    }

    [Fact]
    public void TestAndSet_ObjectsInMoreChunksThanAllowed_IsUnknownPastTheBound()
    {
        var (objects, spacers) = FarApart(3);
        var addresses = new SeenAddresses();

        var seen = NoCollections.Run(() =>
        {
            addresses.Start(maxChunks: 2);
            return objects.Select(addresses.TestAndSet).ToList();
        });

        GC.KeepAlive(spacers);
        seen.Should().Equal(SeenAddresses.Seen.New, SeenAddresses.Seen.New, SeenAddresses.Seen.Unknown);
    }

    [Fact]
    public void Allow_MoreChunksAfterTheBound_AnswersForTheNextChunk()
    {
        var (objects, spacers) = FarApart(2);
        var addresses = new SeenAddresses();

        var seen = NoCollections.Run(() =>
        {
            addresses.Start(maxChunks: 1);
            var first = addresses.TestAndSet(objects[0]);
            var refused = addresses.TestAndSet(objects[1]);
            addresses.Allow(2);
            return new[] { first, refused, addresses.TestAndSet(objects[1]) };
        });

        GC.KeepAlive(spacers);
        seen.Should().Equal(SeenAddresses.Seen.New, SeenAddresses.Seen.Unknown, SeenAddresses.Seen.New);
    }

    [Fact]
    public void TestAndSet_AfterACollection_IsUnknown()
    {
        var value = new object();
        var addresses = new SeenAddresses();
        addresses.Start(maxChunks: 16);
        addresses.TestAndSet(value);

        GC.Collect();

        addresses.TestAndSet(value).Should().Be(SeenAddresses.Seen.Unknown);
        addresses.TestAndSet(new object()).Should().Be(SeenAddresses.Seen.Unknown);
    }

    [Fact]
    public void Release_ThenStart_ClearsEveryBit()
    {
        var objects = Enumerable.Range(0, 1_000).Select(_ => new object()).ToArray();
        var addresses = new SeenAddresses();

        var (on, off, again) = NoCollections.Run(() =>
        {
            addresses.Start(maxChunks: 16);
            foreach (var value in objects)
            {
                addresses.TestAndSet(value);
            }

            addresses.Release();
            var off = addresses.IsOn;
            addresses.Start(maxChunks: 16);
            var on = addresses.IsOn;
            return (on, off, objects.Select(addresses.TestAndSet).ToList());
        });

        off.Should().BeFalse();
        on.Should().BeTrue();
        again.Should().AllBeEquivalentTo(SeenAddresses.Seen.New);
    }

    /// <summary>Objects with a spacer after each that is larger than a chunk, yet small enough to lie beside them.</summary>
    private static (object[] Objects, byte[][] Spacers) FarApart(int count)
    {
        var objects = new object[count];
        var spacers = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            objects[i] = new object();
            spacers[i] = new byte[SeenAddresses.ChunkBytes + 4_096];
        }

        return (objects, spacers);
    }
}
