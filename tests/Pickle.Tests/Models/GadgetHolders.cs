using System.Diagnostics;

namespace Pickling.Tests.Models;

/// <summary>A class that declares a member of a gadget type, as issue 15 found: a process to run later.</summary>
public sealed class WorkerSettings
{
    public string? Name { get; set; }

    public Process? Worker { get; set; }
}

/// <summary>Gadget types inside the declared types of members: as element types, generic arguments, in a nullable.</summary>
public sealed class GadgetContainers
{
    public List<Process>? Workers { get; set; }

    public Dictionary<string, FileInfo[]>? Files { get; set; }

    public KeyValuePair<string, ProcessStartInfo>? Start { get; set; }

    public (int Id, DirectoryInfo Folder)? Folder { get; set; }
}
