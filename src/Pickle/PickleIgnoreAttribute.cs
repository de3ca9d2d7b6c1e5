namespace Pickling;

/// <summary>
/// Leaves a field or property out of what Pickle dumps; on load it keeps the value the constructor (or the runtime)
/// gives it. <see cref="NonSerializedAttribute"/> on a field does the same.
/// </summary>
/// <example>
/// <code>
/// public class Session
/// {
///     public string User { get; set; } = "";
///
///     [PickleIgnore]
///     public Socket? Connection { get; set; }
/// }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, Inherited = true, AllowMultiple = false)]
public sealed class PickleIgnoreAttribute : Attribute
{
}
