namespace Pickling.Tests.Models;

/// <summary>The first version of a saved class.</summary>
public sealed class ContactV1
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Fax { get; set; }
}

/// <summary>A later version of <see cref="ContactV1"/>: <c>Fax</c> removed, <c>Email</c> and <c>Priority</c> added.</summary>
public sealed class ContactV2
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Email { get; set; }

    public int Priority { get; set; } = 3;
}
