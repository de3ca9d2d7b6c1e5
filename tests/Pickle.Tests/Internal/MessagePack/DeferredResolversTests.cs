using System.Numerics;
using System.Reflection;
using MessagePack;
using MessagePack.Resolvers;
using Pickling.Internal.MessagePack;

namespace Pickling.Tests.Internal;

public class DeferredResolversTests
{
    /// <summary>Every type MessagePack's BuiltinResolver has a formatter for, read from its own table.</summary>
    public static TheoryData<Type> BuiltinTypes() => [.. BuiltinTypeList()];

    [Fact]
    public void BuiltinTypes_MessagePacksTable_HasThePrimitivesAndStrings()
    {
        BuiltinTypeList().Should().Contain([typeof(int), typeof(bool), typeof(string), typeof(int[]), typeof(List<int>)]);
    }

    [Theory]
    [MemberData(nameof(BuiltinTypes))]
    public void Contractless_TypeBuiltinResolverKnows_GivesTheContractlessResolversOwnFormatter(Type type)
    {
        var (deferred, contractless) = Formatters(nameof(ContractlessOf), type);

        deferred.Should().NotBeNull();
        deferred.Should().BeSameAs(contractless);
    }

    [Theory]
    [InlineData(typeof(Vector3))]
    [InlineData(typeof(Contracted))]
    [InlineData(typeof(PlainClass))]
    public void Contractless_TypeBuiltinResolverDoesNotKnow_GivesTheContractlessResolversOwnFormatter(Type type)
    {
        var (deferred, contractless) = Formatters(nameof(ContractlessOf), type);

        deferred.Should().NotBeNull();
        deferred.Should().BeSameAs(contractless);
    }

    [Theory]
    [MemberData(nameof(BuiltinTypes))]
    public void Builtin_TypeBuiltinResolverKnows_GivesBuiltinResolversOwnFormatter(Type type)
    {
        var (deferred, builtin) = Formatters(nameof(BuiltinOf), type);

        DeferredResolvers.MayBeBuiltin(type).Should().BeTrue();
        deferred.Should().NotBeNull();
        deferred.Should().BeSameAs(builtin);
    }

    [Theory]
    [InlineData(typeof(Vector3))]
    [InlineData(typeof(PlainClass))]
    [InlineData(typeof(Contracted))]
    [InlineData(typeof(List<PlainClass>))]
    [InlineData(typeof(Type))]
    [InlineData(typeof(DayOfWeek))]
    public void Builtin_TypeOutsideBuiltinResolversTable_GivesWhatBuiltinResolverGives(Type type)
    {
        var (deferred, builtin) = Formatters(nameof(BuiltinOf), type);

        deferred.Should().BeSameAs(builtin);
    }

    [Theory]
    [InlineData(typeof(PlainClass))]
    [InlineData(typeof(Vector3))]
    [InlineData(typeof(int[]))]
    [InlineData(typeof(PlainClass[,]))]
    [InlineData(typeof(List<PlainClass>))]
    [InlineData(typeof(Dictionary<string, int>))]
    [InlineData(typeof(DayOfWeek))]
    [InlineData(typeof(int?))]
    [InlineData(typeof(System.Collections.ArrayList))]
    [InlineData(typeof(System.Collections.Hashtable))]
    [InlineData(typeof(System.Collections.IList))]
    [InlineData(typeof(System.Collections.IEnumerable))]
    [InlineData(typeof(Numbers))]
    [InlineData(typeof(NumberTable))]
    [InlineData(typeof(System.Collections.Immutable.ImmutableArray<int>))]
    public void Generic_AnyType_GivesWhatDynamicGenericResolverGives(Type type)
    {
        var (deferred, generic) = Formatters(nameof(GenericOf), type);

        deferred.Should().BeSameAs(generic);
    }

    [Theory]
    [InlineData(typeof(PlainClass))]
    [InlineData(typeof(int))]
    [InlineData(typeof(System.Collections.Immutable.ImmutableArray<int>))]
    [InlineData(typeof(System.Collections.Immutable.ImmutableArray<int>?))]
    [InlineData(typeof(System.Collections.Immutable.ImmutableList<string>))]
    [InlineData(typeof(System.Collections.Immutable.IImmutableList<int>))]
    [InlineData(typeof(System.Collections.Immutable.ImmutableDictionary<string, int>))]
    [InlineData(typeof(List<int>))]
    public void Immutable_AnyType_GivesWhatImmutableCollectionResolverGives(Type type)
    {
        var (deferred, immutable) = Formatters(nameof(ImmutableOf), type);

        deferred.Should().BeSameAs(immutable);
    }

    [Theory]
    [InlineData(typeof(PlainClass))]
    [InlineData(typeof(Contracted))]
    public void MayBeBuiltin_TypeOutsideTheSystemNamespaces_IsFalse(Type type)
    {
        DeferredResolvers.MayBeBuiltin(type).Should().BeFalse();
    }

    [Theory]
    [InlineData(typeof(IShape))]
    [InlineData(typeof(Shape))]
    public void Union_TypeWithUnionAttribute_GivesTheUnionResolversOwnFormatter(Type type)
    {
        var (deferred, union) = Formatters(nameof(UnionOf), type);

        deferred.Should().NotBeNull();
        deferred.Should().BeSameAs(union);
    }

    [Theory]
    [InlineData(typeof(Square))]
    [InlineData(typeof(IComparable))]
    [InlineData(typeof(int?))]
    [InlineData(typeof(string))]
    public void Union_TypeWithoutUnionAttribute_ReturnsNullAsTheUnionResolverDoes(Type type)
    {
        var (deferred, union) = Formatters(nameof(UnionOf), type);

        deferred.Should().BeNull();
        union.Should().BeNull();
    }

    private static (object? Deferred, object? MessagePack) Formatters(string method, Type type)
    {
        var pair = typeof(DeferredResolversTests).GetMethod(method, BindingFlags.Static | BindingFlags.NonPublic)!.MakeGenericMethod(type);
        try
        {
            return ((object?, object?))pair.Invoke(null, null)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    private static List<Type> BuiltinTypeList()
    {
        var helper = typeof(BuiltinResolver).Assembly.GetType("MessagePack.Internal.BuiltinResolverGetFormatterHelper", throwOnError: true)!;
        var map = (System.Collections.IDictionary)helper.GetField("FormatterMap", BindingFlags.Static | BindingFlags.NonPublic)!.GetValue(null)!;
        return [.. map.Keys.Cast<Type>()];
    }

    private static (object?, object?) ContractlessOf<T>() =>
        (DeferredResolvers.Contractless.GetFormatter<T>(), ContractlessStandardResolverAllowPrivate.Instance.GetFormatter<T>());

    private static (object?, object?) BuiltinOf<T>() =>
        (DeferredResolvers.Builtin.GetFormatter<T>(), BuiltinResolver.Instance.GetFormatter<T>());

    private static (object?, object?) GenericOf<T>() =>
        (DeferredResolvers.Generic.GetFormatter<T>(), DynamicGenericResolver.Instance.GetFormatter<T>());

    private static (object?, object?) ImmutableOf<T>() =>
        (DeferredResolvers.Immutable.GetFormatter<T>(), MessagePack.ImmutableCollection.ImmutableCollectionResolver.Instance.GetFormatter<T>());

    private static (object?, object?) UnionOf<T>() =>
        (DeferredResolvers.Union.GetFormatter<T>(), DynamicUnionResolver.Instance.GetFormatter<T>());

    [Union(0, typeof(Square))]
    public interface IShape
    {
    }

    [Union(0, typeof(Square))]
    public abstract class Shape
    {
    }

    [MessagePackObject]
    public sealed class Square : Shape, IShape
    {
        [Key(0)]
        public int Side { get; set; }
    }

    [MessagePackObject]
    public sealed class Contracted
    {
        [Key(0)]
        public string Name { get; set; } = "";
    }

    /// <summary>A collection that is not generic itself: DynamicGenericResolver finds it by its interfaces.</summary>
    public sealed class Numbers : List<int>
    {
    }

    /// <summary>A dictionary that is not generic itself.</summary>
    public sealed class NumberTable : Dictionary<string, int>
    {
    }

    public sealed class PlainClass
    {
        public int Count { get; set; }
    }
}
