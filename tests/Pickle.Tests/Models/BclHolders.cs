using System.Collections;

namespace Pickling.Tests.Models;

/// <summary>Holds a .NET value where its type is not declared: in an <see cref="object"/> member, an interface and an abstract class.</summary>
public sealed class BclHolder
{
    public object? Value { get; set; }

    public IEnumerable? Collection { get; set; }

    public StringComparer? Comparer { get; set; }
}
