using System.Collections.Concurrent;
using System.Text;

namespace Pickling.Internal;

/// <summary>Readable C#-like type names for messages and frame headers, without assembly names.</summary>
internal static class TypeNames
{
    private static readonly ConcurrentDictionary<Type, string> s_names = new();

    public static string Of(Type type) => s_names.GetOrAdd(type, static t => Build(t, new StringBuilder()).ToString());

    private static StringBuilder Build(Type type, StringBuilder builder)
    {
        if (type.IsArray)
        {
            Build(type.GetElementType()!, builder);
            return builder.Append('[').Append(',', type.GetArrayRank() - 1).Append(']');
        }

        if (!type.IsGenericType)
        {
            return builder.Append(type.FullName ?? type.Name);
        }

        var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
        var tick = definition.IndexOf('`', StringComparison.Ordinal);
        builder.Append(tick < 0 ? definition : definition[..tick]).Append('<');
        var arguments = type.GetGenericArguments();
        for (var i = 0; i < arguments.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(", ");
            }

            Build(arguments[i], builder);
        }

        return builder.Append('>');
    }
}
