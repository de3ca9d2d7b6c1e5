using MessagePack;
using Pickling.Internal.MessagePack;
using Pickling.Tests.Support;

namespace Pickling.Tests.Internal;

public class ObjectHeadersTests
{
    public static TheoryData<string, byte[]> MalformedBodies => new()
    {
        { "negative id", Body((ref MessagePackWriter w) => { w.Write(-1); w.WriteNil(); }) },
        { "id beyond int", Body((ref MessagePackWriter w) => { w.Write((long)int.MaxValue + 1); w.WriteNil(); }) },
        { "id as a string", Body((ref MessagePackWriter w) => { w.Write("1"); w.WriteNil(); }) },
        { "id alone", Body((ref MessagePackWriter w) => w.WriteNil()) },
        { "type as a boolean", Body((ref MessagePackWriter w) => { w.WriteNil(); w.Write(true); }) },
        { "type index beyond long", Body((ref MessagePackWriter w) => { w.WriteNil(); w.Write(ulong.MaxValue); }) },
        { "a third value", Body((ref MessagePackWriter w) => { w.WriteNil(); w.WriteNil(); w.WriteNil(); }) },
    };

    [Fact]
    public void StartsWithHeader_ReaderSeeingOnlyTheStartOfALargeArray_IsFalse()
    {
        // An array of 65,536 elements of which the reader sees two, as the pickle tool's window shows a payload.
        var reader = new MessagePackReader(new byte[] { 0xDD, 0x00, 0x01, 0x00, 0x00, 0x01, 0x02 });

        ObjectHeaders.StartsWithHeader(ref reader).Should().BeFalse();
        reader.Consumed.Should().Be(0);
    }

    [Fact]
    public void TryReadHeader_TypeNoAssemblyHas_ReadsItsNameWithoutLookingItUp()
    {
        var header = Header(Body((ref MessagePackWriter w) => { w.Write(7); w.Write("No.Such.Type, Nowhere"); }));

        header.Should().Be(new ObjectHeader(7, null, "No.Such.Type, Nowhere"));
    }

    [Fact]
    public void TryReadHeader_TypeNamedBefore_ReadsItsIndexAsWritten()
    {
        Header(Body((ref MessagePackWriter w) => { w.WriteNil(); w.Write(3); })).Should().Be(new ObjectHeader(-1, 3, null));
        Header(Body((ref MessagePackWriter w) => { w.WriteNil(); w.Write(-2); })).Should().Be(new ObjectHeader(-1, -2, null));
    }

    [Fact]
    public void TryReadHeader_IdInAWiderEncoding_ReadsTheId()
    {
        var header = Header(Body((ref MessagePackWriter w) => { w.WriteUInt64(5); w.WriteNil(); }));

        header.Should().Be(new ObjectHeader(5, null, null));
    }

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public void TryReadHeader_MalformedBody_ReturnsFalse(string name, byte[] body)
    {
        var reader = new MessagePackReader(Extension(ObjectHeaders.HeaderCode, body));

        ObjectHeaders.TryReadHeader(ref reader, out _).Should().BeFalse(name);
    }

    [Theory]
    [InlineData(int.MaxValue + 1L)]
    [InlineData(-1L)]
    public void ReadHeader_TypeIndexNamedNowhere_ThrowsPickleExceptionNamingTheIndex(long index)
    {
        var frame = Extension(ObjectHeaders.HeaderCode, Body((ref MessagePackWriter w) => { w.WriteNil(); w.Write(index); }));

        var read = () =>
        {
            var reader = new MessagePackReader(frame);
            ObjectHeaders.ReadHeader(ref reader, null);
        };

        read.Should().Throw<PickleException>().WithMessage($"*type #{index}*");
    }

    [Fact]
    public void TryReadBackReference_IdOrSomethingElse_ReadsOnlyAnId()
    {
        var good = new MessagePackReader(Extension(ObjectHeaders.BackReferenceCode, Body((ref MessagePackWriter w) => w.Write(42))));
        var text = new MessagePackReader(Extension(ObjectHeaders.BackReferenceCode, Body((ref MessagePackWriter w) => w.Write("x"))));
        var two = new MessagePackReader(Extension(ObjectHeaders.BackReferenceCode, Body((ref MessagePackWriter w) => { w.Write(1); w.Write(2); })));

        ObjectHeaders.TryReadBackReference(ref good, out var id).Should().BeTrue();
        id.Should().Be(42);
        ObjectHeaders.TryReadBackReference(ref text, out _).Should().BeFalse();
        ObjectHeaders.TryReadBackReference(ref two, out _).Should().BeFalse();
    }

    [Fact]
    public void PeekExtensionType_EachExtensionHeader_FindsTheTypeWithoutMoving()
    {
        foreach (var length in new[] { 1, 2, 4, 8, 16, 3, 300, 70_000 })
        {
            var bytes = Extension(PickleExtensions.Vector, new byte[length]);
            var reader = new MessagePackReader(bytes);

            ObjectHeaders.PeekExtensionType(ref reader).Should().Be(PickleExtensions.Vector, $"an extension of {length} bytes");
            reader.Consumed.Should().Be(0);
        }
    }

    private static ObjectHeader Header(byte[] body)
    {
        var reader = new MessagePackReader(Extension(ObjectHeaders.HeaderCode, body));
        ObjectHeaders.TryReadHeader(ref reader, out var header).Should().BeTrue();
        reader.End.Should().BeTrue();
        return header;
    }

    private static byte[] Body(PayloadTools.WriteAction write) => PayloadTools.Write(write);

    private static byte[] Extension(sbyte typeCode, byte[] body) =>
        Body((ref MessagePackWriter w) => w.WriteExtensionFormat(new ExtensionResult(typeCode, body)));
}
