namespace Pickling;

/// <summary>
/// Allows Pickle to create instances of the marked type when a pickle names it, for example in an
/// <see cref="object"/>-typed, abstract-typed or interface-typed member. Equivalent to listing the type in
/// <see cref="PickleOptions.AllowedTypes"/>; known dangerous types stay refused whatever their attributes.
/// </summary>
/// <example>
/// <code>
/// [Picklable]
/// public sealed class Dog : Animal
/// {
///     public string Name { get; set; } = "";
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Enum, Inherited = false, AllowMultiple = false)]
public sealed class PicklableAttribute : Attribute
{
}
