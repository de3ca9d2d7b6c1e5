namespace Pickling.Cli.Tests.Models;

/// <summary>
/// A small record the tests dump, so that files name a user type the tool must not load. Picklable, since the tests
/// dump it where object is declared, which a dump allows only for types a load allows.
/// </summary>
[Picklable]
public sealed record Reading(string Sensor, double Value, int[] Samples);
