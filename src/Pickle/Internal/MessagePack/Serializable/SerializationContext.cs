using System.Runtime.Serialization;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The <see cref="StreamingContext"/> Pickle passes to GetObjectData, deserialization constructors, serialization
/// callbacks and GetRealObject: <see cref="StreamingContextStates.All"/>, as .NET's formatters passed by default.
/// </summary>
internal static class SerializationContext
{
    // StreamingContextStates is marked obsolete (SYSLIB0050) with BinaryFormatter; callbacks and constructors still take a context.
#pragma warning disable SYSLIB0050
    public static readonly StreamingContext Value = new(StreamingContextStates.All);
#pragma warning restore SYSLIB0050
}
