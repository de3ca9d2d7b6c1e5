using System.Reflection;
using MessagePack;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class FieldMembersTests
{
    [Fact]
    public void For_StringField_IsAStringFieldMember()
    {
        var member = FieldMembers.For<Owner>("Name", Field(nameof(Owner.Name)));

        member.Should().BeOfType<StringFieldMember<Owner>>();
        member.Name.Should().Be("Name");
        member.ValueType.Should().Be<string>();
    }

    [Theory]
    [InlineData(nameof(Owner.Count), typeof(FieldMember<Owner, int>))]
    [InlineData(nameof(Owner.Level), typeof(FieldMember<Owner, DayOfWeek>))]
    [InlineData(nameof(Owner.Items), typeof(FieldMember<Owner, List<string>>))]
    [InlineData(nameof(Owner.Pair), typeof(FieldMember<Owner, KeyValuePair<int, string>>))]
    public void For_OtherField_IsTheMemberOfTheFieldsType(string name, Type expected)
    {
        var member = FieldMembers.For<Owner>(name, Field(name));

        member.Should().BeOfType(expected);
        member.Name.Should().Be(name);
        member.ValueType.Should().Be(Field(name).FieldType);
    }

    [Fact]
    public void For_FieldOfAStruct_WritesAndReadsThatField()
    {
        var member = FieldMembers.For<Point>("X", typeof(Point).GetField(nameof(Point.X))!);
        var options = MessagePackSerializerOptions.Standard.WithResolver(PickleResolver.Instance);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        var source = new Point { X = 1234 };

        var writer = new MessagePackWriter(buffer);
        member.Write(ref writer, ref source, options);
        writer.Flush();
        var target = default(Point);
        var reader = new MessagePackReader(buffer.WrittenMemory);
        member.Read(ref reader, ref target, options);

        target.X.Should().Be(1234);
        member.Key.Should().Equal("X"u8.ToArray());
    }

    private static FieldInfo Field(string name) => typeof(Owner).GetField(name)!;

    private sealed class Owner
    {
        public string? Name = "name";
        public int Count = 1;
        public DayOfWeek Level = DayOfWeek.Friday;
        public List<string>? Items = [];
        public KeyValuePair<int, string> Pair = new(1, "one");
    }

    private struct Point
    {
        public int X;
    }
}
