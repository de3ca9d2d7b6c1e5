using System.Collections.ObjectModel;
using MessagePack;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Models;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

/// <summary>The bytes of a list whose elements' field keys are written once: the mark, the first element's map, then arrays of values.</summary>
public class KeyedElementsTests
{
    /// <summary><c>ext 86</c> holding nil, as fixext1: the mark at the start of a list whose keys are written once.</summary>
    private static readonly byte[] Mark = [0xd4, (byte)PickleExtensions.KeysOnce, 0xc0];

    /// <summary>The number of members <see cref="Reading"/> is saved with.</summary>
    private const int ReadingMembers = 6;

    [Fact]
    public void Dump_ListOfThreeRecords_WritesTheMarkOneMapAndTwoArraysOfValues()
    {
        var value = RawFrames.PayloadOf(Pickle.DumpToBytes(Reading.List(3)));

        var reader = new MessagePackReader(value);
        reader.ReadArrayHeader().Should().Be(4, "the mark is counted in the array's length");
        value.AsSpan((int)reader.Consumed, Mark.Length).ToArray().Should().Equal(Mark);
        reader.Skip();
        reader.NextMessagePackType.Should().Be(MessagePackType.Map, "the first element gives the keys");
        reader.ReadMapHeader().Should().Be(ReadingMembers);
        reader.ReadString().Should().Be(nameof(Reading.Id));
        reader.ReadInt32().Should().Be(1);
        for (var i = 1; i < ReadingMembers; i++)
        {
            reader.Skip();
            reader.Skip();
        }

        foreach (var id in new[] { 2, 3 })
        {
            reader.NextMessagePackType.Should().Be(MessagePackType.Array, "every later element is its values alone");
            reader.ReadArrayHeader().Should().Be(ReadingMembers);
            reader.ReadInt32().Should().Be(id, "the values are in the map's order");
            for (var i = 1; i < ReadingMembers; i++)
            {
                reader.Skip();
            }
        }

        reader.End.Should().BeTrue();
    }

    [Fact]
    public void Dump_ListOfOneRecord_WritesTheMapWithoutTheMark()
    {
        var value = RawFrames.PayloadOf(Pickle.DumpToBytes(Reading.List(1)));

        var reader = new MessagePackReader(value);
        reader.ReadArrayHeader().Should().Be(1);
        reader.NextMessagePackType.Should().Be(MessagePackType.Map);
        reader.ReadMapHeader().Should().Be(ReadingMembers);
    }

    [Fact]
    public void Dump_ListOfRecordsWithNullsAndAHeader_WritesThemAsUsualAndValuesAfterTheFirstMap()
    {
        var list = new List<Reading?> { null, Reading.Make(1), null, new CalibratedReading { Id = 2 }, Reading.Make(3) };
        var value = RawFrames.PayloadOf(Pickle.DumpToBytes(list));

        var reader = new MessagePackReader(value);
        reader.ReadArrayHeader().Should().Be(6);
        reader.Skip();
        reader.TryReadNil().Should().BeTrue();
        reader.NextMessagePackType.Should().Be(MessagePackType.Map);
        reader.Skip();
        reader.TryReadNil().Should().BeTrue();
        reader.ReadArrayHeader().Should().Be(2, "a derived element is [ext 80, contents]");
        reader.NextMessagePackType.Should().Be(MessagePackType.Extension);
        reader.Skip();
        reader.NextMessagePackType.Should().Be(MessagePackType.Map, "a derived element's contents are its own map");
        reader.Skip();
        reader.ReadArrayHeader().Should().Be(ReadingMembers, "the last reading is its values alone");
        reader.ReadInt32().Should().Be(3);
    }

    [Fact]
    public void Dump_SameRecordTwiceWithReferences_WritesABackReferenceAmongTheValues()
    {
        var list = Reading.List(2);
        list.Add(list[0]);
        var value = RawFrames.PayloadOf(Pickle.DumpToBytes(list, PickleOptions.Default with { PreserveReferences = true }));

        var reader = new MessagePackReader(value);
        var elements = ElementsAfterTheMark(ref reader, value);

        elements.Should().Equal(MessagePackType.Map, MessagePackType.Array, MessagePackType.Extension);
    }

    public static TheoryData<string> KeyedShapes => ["List<Probe>", "Probe[]", "Reading[]", "Reading[,]", "ReadOnlyCollection<Reading>", "List<List<Reading>> inner"];

    [Theory]
    [MemberData(nameof(KeyedShapes))]
    public void Dump_EveryShapeOfTwoOrMoreRecords_StartsItsElementsWithTheMark(string shape)
    {
        var frame = shape switch
        {
            "List<Probe>" => Pickle.DumpToBytes(Probe.List(2)),
            "Probe[]" => Pickle.DumpToBytes(Probe.List(3).ToArray()),
            "Reading[]" => Pickle.DumpToBytes(Reading.List(2).ToArray()),
            "Reading[,]" => Pickle.DumpToBytes(new[,] { { Reading.Make(1), Reading.Make(2) } }),
            "ReadOnlyCollection<Reading>" => Pickle.DumpToBytes(new ReadOnlyCollection<Reading>(Reading.List(2))),
            _ => Pickle.DumpToBytes(new List<List<Reading>> { Reading.List(2) }),
        };
        var value = RawFrames.PayloadOf(frame);

        var marks = Occurrences(value, Mark);

        marks.Should().Be(1, $"{shape} holds one list of two or more records");
    }

    [Fact]
    public void Dump_ListsOfValuesNotWrittenByTheirFields_HaveNoMark()
    {
        var value = RawFrames.PayloadOf(Pickle.DumpToBytes((new List<int> { 1, 2, 3 }, new List<string> { "a", "b" }, new List<Animal> { new Dog { Name = "Rex" }, new Dog { Name = "Fido" } })));

        Occurrences(value, Mark).Should().Be(0);
    }

    /// <summary>Reads the array header and the mark, and returns the MessagePack type of every element after it.</summary>
    private static List<MessagePackType> ElementsAfterTheMark(ref MessagePackReader reader, byte[] value)
    {
        var count = reader.ReadArrayHeader();
        value.AsSpan((int)reader.Consumed, Mark.Length).ToArray().Should().Equal(Mark);
        reader.Skip();
        var types = new List<MessagePackType>();
        for (var i = 1; i < count; i++)
        {
            types.Add(reader.NextMessagePackType);
            reader.Skip();
        }

        return types;
    }

    private static int Occurrences(byte[] bytes, byte[] part)
    {
        var count = 0;
        for (var at = bytes.AsSpan().IndexOf(part); at >= 0; at = bytes.AsSpan(at + 1).IndexOf(part) is var next and >= 0 ? at + 1 + next : -1)
        {
            count++;
        }

        return count;
    }
}
