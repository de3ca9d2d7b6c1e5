namespace Pickling.Tests.Models;

/// <summary>A converter that changes the bytes: a list is saved as an array of its items times four, and divided back on load.</summary>
public sealed class QuadrupledListSurrogate : PickleSurrogate<List<double>, double[]>
{
    public override double[] ToSurrogate(List<double> value) => value.Select(x => x * 4).ToArray();

    public override List<double> FromSurrogate(double[] surrogate) => surrogate.Select(x => x / 4).ToList();
}
