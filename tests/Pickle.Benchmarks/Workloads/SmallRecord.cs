using MemoryPack;

namespace Pickling.Benchmarks.Workloads;

/// <summary>
/// The small record of the records workload. Pickle, MessagePack (contractless) and System.Text.Json need nothing
/// on it; MemoryPack needs <see cref="MemoryPackableAttribute"/> and BinaryFormatter <see cref="SerializableAttribute"/>.
/// </summary>
[Serializable]
[MemoryPackable]
public sealed partial class SmallRecord
{
    public int Id { get; set; }

    public double Score { get; set; }

    public string Name { get; set; } = string.Empty;

    public DateTime Timestamp { get; set; }

    public List<int> Values { get; set; } = [];
}
