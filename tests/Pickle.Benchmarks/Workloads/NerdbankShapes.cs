using PolyType;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The shape witness Nerdbank.MessagePack needs for the workloads' types that carry no attribute of their own (it
/// serializes only types whose shape a source generator made).
/// </summary>
[GenerateShapeFor<List<int>>]
[GenerateShapeFor<List<SmallRecord>>]
[GenerateShapeFor<float[]>]
[GenerateShapeFor<Dictionary<string, double[]>>]
public partial class NerdbankShapes
{
    /// <summary>The shape of <typeparamref name="T"/>, from this witness's generated provider.</summary>
    public static ITypeShape<T> Of<T>() => GeneratedTypeShapeProvider.GetTypeShapeOrThrow<T>();

    /// <summary>The shape of a type that carries <see cref="GenerateShapeAttribute"/> itself.</summary>
    public static ITypeShape<T> OfShapeable<T>()
        where T : IShapeable<T> => T.GetTypeShape();
}
