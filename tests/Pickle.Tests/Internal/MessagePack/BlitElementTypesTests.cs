using System.Runtime.CompilerServices;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class BlitElementTypesTests
{
    /// <summary>FORMAT.md's element codes ("Large numeric data"): the wire contract the table must keep; kinds by name.</summary>
    public static readonly TheoryData<char, Type, string> FormatCodes = new()
    {
        { '?', typeof(bool), nameof(BlitElementKind.Boolean) },
        { 'b', typeof(sbyte), nameof(BlitElementKind.SignedInteger) },
        { 'B', typeof(byte), nameof(BlitElementKind.UnsignedInteger) },
        { 'h', typeof(short), nameof(BlitElementKind.SignedInteger) },
        { 'H', typeof(ushort), nameof(BlitElementKind.UnsignedInteger) },
        { 'i', typeof(int), nameof(BlitElementKind.SignedInteger) },
        { 'I', typeof(uint), nameof(BlitElementKind.UnsignedInteger) },
        { 'q', typeof(long), nameof(BlitElementKind.SignedInteger) },
        { 'Q', typeof(ulong), nameof(BlitElementKind.UnsignedInteger) },
        { 'e', typeof(Half), nameof(BlitElementKind.FloatingPoint) },
        { 'f', typeof(float), nameof(BlitElementKind.FloatingPoint) },
        { 'd', typeof(double), nameof(BlitElementKind.FloatingPoint) },
        { 'u', typeof(char), nameof(BlitElementKind.Character) },
    };

    [Theory]
    [MemberData(nameof(FormatCodes))]
    public void Find_FormatCode_FindsTheTypeFormatNamesAndBack(char code, Type type, string kind)
    {
        var element = BlitElementTypes.Find((byte)code);

        element.Should().NotBeNull();
        element!.Type.Should().Be(type);
        element.Kind.ToString().Should().Be(kind);
        BlitElementTypes.Find(type).Should().BeSameAs(element);
        BlitElements.CodeOf(type).Should().Be((byte)code);
    }

    [Fact]
    public void All_EachType_IsAPrimitiveOrHalf()
    {
        // BlitElements.IsBlittable answers every other type without making the table.
        BlitElementTypes.All.Should().OnlyContain(element => element.Type.IsPrimitive || element.Type == typeof(Half));
    }

    [Theory]
    [InlineData(typeof(string), false)]
    [InlineData(typeof(decimal), false)]
    [InlineData(typeof(nint), false)]
    [InlineData(typeof(Half), true)]
    [InlineData(typeof(int), true)]
    public void IsBlittable_Type_IsWhetherTheTableHasIt(Type type, bool blitted)
    {
        BlitElements.IsBlittable(type).Should().Be(blitted);
        (BlitElementTypes.Find(type) is not null).Should().Be(blitted);
    }

    [Fact]
    public void All_EachType_HasItsSizeAndAllocatesArraysOfItself()
    {
        BlitElementTypes.All.Should().HaveCount(FormatCodes.Count);
        foreach (var element in BlitElementTypes.All)
        {
            var size = (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(element.Type).Invoke(null, null)!;

            element.Size.Should().Be(size, element.Name);
            BlitElements.SizeOf(element.Code).Should().Be(size);
            var array = element.Allocate(3);
            array.GetType().Should().Be(element.Type.MakeArrayType());
            array.Length.Should().Be(3);
        }
    }

    [Fact]
    public void Find_CodeThatNamesNoType_ReturnsNull()
    {
        var named = BlitElementTypes.All.Select(element => element.Code).ToHashSet();

        for (var code = 0; code < 256; code++)
        {
            if (!named.Contains((byte)code))
            {
                BlitElementTypes.Find((byte)code).Should().BeNull($"0x{code:X2} names no element type");
                BlitElements.SizeOf((byte)code).Should().Be(0);
            }
        }
    }

    [Fact]
    public void Find_TypeThatIsNotBlitted_ReturnsNull()
    {
        BlitElementTypes.Find(typeof(decimal)).Should().BeNull();
        BlitElements.IsBlittable(typeof(string)).Should().BeFalse();
    }
}
