using MemoryPack;
using PolyType;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The six-member object of the DTO workload. Pickle and MessagePack (contractless) need nothing on it; MemoryPack
/// needs <see cref="MemoryPackableAttribute"/> and Nerdbank.MessagePack a shape (<see cref="GenerateShapeAttribute"/>),
/// each with a source generator and a partial class.
/// </summary>
[MemoryPackable]
[GenerateShape]
public sealed partial class SmallDto
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    public string Email { get; set; } = string.Empty;

    public DateTime Created { get; set; }

    public decimal Balance { get; set; }

    public List<string> Tags { get; set; } = [];
}
