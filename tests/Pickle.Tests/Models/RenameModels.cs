namespace Pickling.Tests.Models;

// Versions of types whose members or names changed, for PickleFormerNameAttributeTests and PickleOptionsTypeAliasesTests.
// The former type names start with "OldZoo.", which no type of this program has.

public sealed class CustomerV1
{
    private int _visits;

    public int Visits
    {
        get => _visits;
        set => _visits = value;
    }

    public string Name { get; set; } = "";
}

/// <summary><see cref="CustomerV1"/> with its field and its property renamed.</summary>
public sealed class CustomerV2
{
    [PickleFormerName("_visits")]
    private int _visitCount;

    public int VisitCount
    {
        get => _visitCount;
        set => _visitCount = value;
    }

    [PickleFormerName("Name")]
    [PickleFormerName("Title")]
    public string FullName { get; set; } = "";
}

public sealed record InvoiceV1(int Id, decimal Total);

/// <summary><see cref="InvoiceV1"/> with a positional parameter renamed.</summary>
public sealed record InvoiceV2(int Id, [property: PickleFormerName("Total")] decimal Amount);

public abstract class Pet
{
    public string Name { get; set; } = "";
}

/// <summary>Was <c>OldZoo.Kitten</c>, in any assembly.</summary>
[Picklable]
[PickleFormerName("OldZoo.Kitten")]
public sealed class Tomcat : Pet
{
    public int Lives { get; set; }
}

/// <summary>Was <c>OldZoo.Puppy</c> in the assembly <c>OldShop</c> only.</summary>
[Picklable]
[PickleFormerName("OldZoo.Puppy, OldShop")]
public sealed class Hound : Pet
{
}

[Picklable]
[PickleFormerName("OldZoo.Spot")]
public readonly record struct Place(int X, int Y);

[Picklable]
[PickleFormerName("OldZoo.Colour")]
public enum Hue
{
    Red = 1,
    Green = 2,
}

public sealed class PetHolder
{
    public object? Thing { get; set; }

    public Pet? Pet { get; set; }
}

[Picklable]
[PickleFormerName("OldZoo.Twin")]
public sealed class TwinA
{
}

[Picklable]
[PickleFormerName("OldZoo.Twin")]
public sealed class TwinB
{
}

/// <summary>A former name that another member has now.</summary>
public sealed class FormerNameTaken
{
    [PickleFormerName("Count")]
    public int Total { get; set; }

    public int Count { get; set; }
}

/// <summary>A former name two members claim.</summary>
public sealed class FormerNameTwice
{
    [PickleFormerName("Old")]
    public int First { get; set; }

    [PickleFormerName("Old")]
    public int Second { get; set; }
}

/// <summary>Stands in for <c>Shop.Widget</c> through <see cref="PickleOptions.TypeAliases"/>.</summary>
[Picklable]
public sealed class Gadget
{
    public int Size { get; set; }
}

/// <summary>Not marked, so a pickle may not name it unless the options allow it.</summary>
public sealed class UnlistedGadget
{
    public int Size { get; set; }
}
