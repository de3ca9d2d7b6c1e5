namespace Pickling.Tests.Support;

/// <summary>The collection of the tests that use <see cref="NoCollections.Run{T}"/>, which runs alone.</summary>
[CollectionDefinition(NoCollections.Name, DisableParallelization = true)]
public sealed class NoCollectionsDefinition;
