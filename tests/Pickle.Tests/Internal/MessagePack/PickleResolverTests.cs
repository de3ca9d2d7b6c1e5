using System.Reflection;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class PickleResolverTests
{
    /// <summary>The scalars whose formatter PickleResolver finds without asking its resolvers one by one.</summary>
    public static readonly TheoryData<Type> Scalars =
    [
        typeof(bool), typeof(byte), typeof(sbyte), typeof(short), typeof(ushort), typeof(int), typeof(uint), typeof(long),
        typeof(ulong), typeof(float), typeof(double), typeof(char),
        typeof(decimal), typeof(DateTime), typeof(DateTimeOffset), typeof(DateOnly), typeof(TimeOnly), typeof(TimeSpan),
        typeof(Guid), typeof(Int128), typeof(UInt128), typeof(nint), typeof(nuint),
        typeof(decimal?), typeof(DateTime?), typeof(Guid?), typeof(TimeSpan?),
        typeof(DayOfWeek), typeof(ByteWide), typeof(LongWide), typeof(Permissions), typeof(ArraySegment<int>),
    ];

    /// <summary>Types the shortcut leaves to the resolvers: classes, structs without a faithful formatter, nullable primitives and enums.</summary>
    public static readonly TheoryData<Type> NotScalars =
    [
        typeof(string), typeof(int[]), typeof(List<int>), typeof(object), typeof(Type), typeof(PlainStruct),
        typeof(KeyValuePair<int, int>), typeof(int?), typeof(DayOfWeek?), typeof(System.Numerics.BigInteger), typeof(Half), typeof(Memory<byte>),
    ];

    [Theory]
    [MemberData(nameof(Scalars))]
    public void ScalarFormatter_Scalar_IsTheFormatterTheResolversGiveInTurn(Type type)
    {
        var (shortcut, resolvers) = Formatters(type);

        shortcut.Should().NotBeNull();
        shortcut!.GetType().Should().Be(resolvers!.GetType());
        if (type.IsPrimitive || type.IsEnum)
        {
            shortcut.Should().BeSameAs(resolvers);
        }
    }

    [Theory]
    [MemberData(nameof(NotScalars))]
    public void ScalarFormatter_OtherType_IsNull(Type type)
    {
        PickleResolver.ScalarFormatter(type).Should().BeNull();
    }

    [Theory]
    [MemberData(nameof(Scalars))]
    public void GetFormatter_Scalar_IsTheShortcutsFormatter(Type type)
    {
        var resolved = typeof(PickleResolverTests).GetMethod(nameof(Resolved), BindingFlags.Static | BindingFlags.NonPublic)!.MakeGenericMethod(type).Invoke(null, null);

        resolved.Should().NotBeNull();
        resolved!.GetType().Should().Be(PickleResolver.ScalarFormatter(type)!.GetType());
    }

    private static (object? Shortcut, object? Resolvers) Formatters(Type type) =>
        (PickleResolver.ScalarFormatter(type),
         typeof(PickleResolverTests).GetMethod(nameof(FoundInTurn), BindingFlags.Static | BindingFlags.NonPublic)!.MakeGenericMethod(type).Invoke(null, null));

    private static object? FoundInTurn<T>() => PickleResolver.Find<T>();

    private static object? Resolved<T>() => PickleResolver.Instance.GetFormatter<T>();

    public enum ByteWide : byte
    {
        A,
        B,
    }

    public enum LongWide : long
    {
        A = long.MinValue,
        B = long.MaxValue,
    }

    [Flags]
    public enum Permissions
    {
        None = 0,
        One = 1,
        Two = 2,
    }

    public struct PlainStruct
    {
        public int Count { get; set; }
    }
}
