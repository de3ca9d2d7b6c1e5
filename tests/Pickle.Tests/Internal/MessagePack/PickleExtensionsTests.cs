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
        (PickleExtensions.Utf16String, PickleExtensions.ArraySegment, PickleExtensions.WrappedList).Should().Be(((sbyte)83, (sbyte)84, (sbyte)85));

        for (var code = sbyte.MinValue; code < sbyte.MaxValue; code++)
        {
            var pickle = code is 80 or 81 or 82 or 83 or 84 or 85 or 90 or 91;
            PickleExtensions.NameOf(code).Should().Match(name => pickle ? !string.IsNullOrEmpty(name) : name == null, $"ext {code}");
        }
    }
}
