namespace Pickling.Cli.Tests.Models;

/// <summary>A small record the tests dump, so that files name a user type the tool must not load.</summary>
public sealed record Reading(string Sensor, double Value, int[] Samples);
