namespace Pickling.Tests.Models;

// Types whose lists are written with their field keys once (FORMAT.md, "Lists of records"), for KeyedListTests.

/// <summary>A class written by its fields: scalars, a string, a DateTime with its kind and a nested list. Not sealed, so that a list of it may hold a derived one.</summary>
public class Reading
{
    public int Id { get; set; }

    public double Value { get; set; }

    public bool Valid { get; set; }

    public string? Label { get; set; }

    public DateTime Taken { get; set; }

    public List<int>? Samples { get; set; }

    /// <summary>The <paramref name="i"/>th reading of the tests: every member set, the label and samples null at times, each date kind in turn.</summary>
    public static Reading Make(int i) => new()
    {
        Id = i,
        Value = (i * 1.25) - 2,
        Valid = i % 2 == 0,
        Label = i % 3 == 0 ? null : $"reading {i} ✓",
        Taken = new DateTime(2026, 1, 1 + (i % 28), 8, 30, i % 60, (DateTimeKind)(i % 3)).AddTicks(i),
        Samples = i % 4 == 0 ? null : [.. Enumerable.Range(i, i % 5)],
    };

    /// <summary>Readings 1 to <paramref name="count"/>.</summary>
    public static List<Reading> List(int count) => [.. Enumerable.Range(1, count).Select(Make)];
}

/// <summary>A <see cref="Reading"/> of a derived type: written with its header among the values of its list.</summary>
[Picklable]
public sealed class CalibratedReading : Reading
{
    public double Offset { get; set; }
}

/// <summary>A struct written by its fields (a string keeps it from being a blit).</summary>
public struct Probe
{
    public int Channel { get; set; }

    public double Gain { get; set; }

    public string? Name { get; set; }

    /// <summary>Probes 1 to <paramref name="count"/>: a gain of -0.0 and a null name among them.</summary>
    public static List<Probe> List(int count) =>
        [.. Enumerable.Range(1, count).Select(i => new Probe { Channel = i, Gain = i == 2 ? -0.0 : i / 3.0, Name = i == 3 ? null : $"p{i}" })];
}

/// <summary>A record whose member is itself a list of other records.</summary>
public sealed class Station
{
    public string Name { get; set; } = "";

    public List<Reading> Readings { get; set; } = [];
}

/// <summary>The first version of a record saved in lists.</summary>
public sealed class GaugeV1
{
    public int Id { get; set; }

    public string? Label { get; set; }

    public string? Fax { get; set; }

    public double Level { get; set; }
}

/// <summary><see cref="GaugeV1"/> later: <c>Fax</c> removed, <c>Label</c> renamed <c>Caption</c>, <c>Priority</c> added.</summary>
public sealed class GaugeV2
{
    public int Id { get; set; }

    [PickleFormerName("Label")]
    public string? Caption { get; set; }

    public double Level { get; set; }

    public int Priority { get; set; } = 3;
}

/// <summary>A record with a member that is a list of records, which a later version removes.</summary>
public sealed class PanelV1
{
    public int Id { get; set; }

    public List<GaugeV1> Gauges { get; set; } = [];

    public string? Name { get; set; }
}

/// <summary><see cref="PanelV1"/> without its list of gauges.</summary>
public sealed class PanelV2
{
    public int Id { get; set; }

    public string? Name { get; set; }
}

/// <summary>A record with a list of its own kind, for keyed lists nested deep.</summary>
public sealed class Twig
{
    public int Id { get; set; }

    public List<Twig>? Twigs { get; set; }
}
