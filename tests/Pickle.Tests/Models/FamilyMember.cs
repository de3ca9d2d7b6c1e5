namespace Pickling.Tests.Models;

/// <summary>A tree whose children point back at their parent: a cycle through a list.</summary>
public sealed class FamilyMember
{
    public string Name { get; set; } = string.Empty;

    public FamilyMember? Parent { get; set; }

    public List<FamilyMember> Children { get; set; } = [];
}
