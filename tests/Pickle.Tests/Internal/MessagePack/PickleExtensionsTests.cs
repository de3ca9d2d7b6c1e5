using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class PickleExtensionsTests
{
    [Fact]
    public void NameOf_EachCode_NamesPickleExtensionsOnly()
    {
        // FORMAT.md, "Extension types".
        (PickleExtensions.ObjectHeader, PickleExtensions.BackReference, PickleExtensions.Comparer, PickleExtensions.Vector, PickleExtensions.MultiDimensional)
            .Should().Be(((sbyte)80, (sbyte)81, (sbyte)82, (sbyte)90, (sbyte)91));
        (PickleExtensions.Utf16String, PickleExtensions.ArraySegment, PickleExtensions.WrappedList, PickleExtensions.KeysOnce).Should().Be(((sbyte)83, (sbyte)84, (sbyte)85, (sbyte)86));
        (PickleExtensions.DateTime, PickleExtensions.DateTimeOffset, PickleExtensions.TimeSpan, PickleExtensions.DateOnly, PickleExtensions.TimeOnly, PickleExtensions.Decimal, PickleExtensions.Guid)
            .Should().Be(((sbyte)70, (sbyte)71, (sbyte)72, (sbyte)73, (sbyte)74, (sbyte)75, (sbyte)76));

        for (var code = sbyte.MinValue; code < sbyte.MaxValue; code++)
        {
            var pickle = code is (>= 70 and <= 76) or (>= 80 and <= 86) or 90 or 91;
            PickleExtensions.NameOf(code).Should().Match(name => pickle ? !string.IsNullOrEmpty(name) : name == null, $"ext {code}");
        }
    }
}
