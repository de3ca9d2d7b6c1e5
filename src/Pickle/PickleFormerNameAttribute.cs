namespace Pickling;

/// <summary>
/// A name this member or type had when older pickles were written, so that they still load after a rename. On a
/// field or property, a key saved under the old name loads into this member (on a record's positional parameter,
/// write <c>[property: PickleFormerName("Old")]</c>). On a class, struct or enum, give the old full name
/// (<c>"Shop.Kitten"</c>, or <c>"Shop.Kitten, Shop"</c> to match one assembly only): a value saved under that
/// type name, at the root or inside an <see cref="object"/>, abstract or interface member, loads as this type. Any
/// number of former names may be given.
/// </summary>
/// <remarks>
/// A name a loaded type still has, or a key a member still has, is always taken as that type or member; a former
/// name is looked up only for names nothing current answers to, among the types of assemblies already loaded.
/// Two types claiming one former name, or a member's former name that another member of its type has now, is a
/// <see cref="PickleException"/> when it is first used. For types you cannot annotate, use
/// <see cref="PickleOptions.TypeAliases"/>.
/// </remarks>
/// <example>
/// <code>
/// [PickleFormerName("Shop.Kitten")]
/// public sealed class Cat
/// {
///     [PickleFormerName("Name")]
///     public string FullName { get; set; } = "";
/// }
///
/// public sealed record Order(int Id, [property: PickleFormerName("Total")] decimal Amount);
/// </code>
/// </example>
[AttributeUsage(
    AttributeTargets.Field | AttributeTargets.Property | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum,
    Inherited = false,
    AllowMultiple = true)]
public sealed class PickleFormerNameAttribute : Attribute
{
    /// <summary>Records a former name.</summary>
    /// <param name="name">The member's old name, or the type's old full name (optionally with <c>", AssemblyName"</c>).</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is empty or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is <see langword="null"/>.</exception>
    public PickleFormerNameAttribute(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    /// <summary>The former name, as given.</summary>
    public string Name { get; }
}
