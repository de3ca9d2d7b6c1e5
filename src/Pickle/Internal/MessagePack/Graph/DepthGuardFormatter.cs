using System.Runtime.CompilerServices;
using MessagePack;
using MessagePack.Formatters;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// Wraps the formatter of a reference type so that a dump counts how deep it is (a cycle or a structure deeper
/// than <see cref="PickleOptions.MaxDepth"/> is a <see cref="PickleException"/> naming its path, not a stack
/// overflow), and neither a dump nor a load runs out of stack. MessagePack itself limits depth on loads only.
/// </summary>
internal sealed class DepthGuardFormatter<T>(IMessagePackFormatter<T> inner) : IMessagePackFormatter<T>
{
    /// <summary>Whether values of <typeparamref name="T"/> can hold other values, and so need the guard.</summary>
    public static bool IsNeeded { get; } =
        !typeof(T).IsValueType && typeof(T) != typeof(string) && typeof(T) != typeof(object) && typeof(T) != typeof(byte[]);

    public void Serialize(ref MessagePackWriter writer, T value, MessagePackSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNil();
            return;
        }

        var path = DumpPath.Of(options);
        path.Enter(value, options.Security.MaximumObjectGraphDepth);
        try
        {
            inner.Serialize(ref writer, value, options);
        }
        finally
        {
            path.Leave();
        }
    }

    public T Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        // PayloadShape has checked the depth; the stack is looked at on every level (see GraphFormatter.Deserialize).
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw DumpPath.OutOfStack("load");
        }

        return inner.Deserialize(ref reader, options);
    }
}
