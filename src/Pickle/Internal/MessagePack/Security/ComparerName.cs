using System.Globalization;

namespace Pickling.Internal.MessagePack;

/// <summary>A comparer of .NET's as a pickle records it (see <see cref="ComparerNames"/>): its name, and a culture's name and options for <c>Culture</c>.</summary>
internal readonly record struct ComparerName(string Name, string? CultureName = null, CompareOptions Options = CompareOptions.None);
