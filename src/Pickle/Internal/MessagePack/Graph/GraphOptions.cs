using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The MessagePack options of one dump or one load: the shared settings plus a <see cref="GraphState"/> that lives
/// only as long as the call, so concurrent calls never share reference tables.
/// </summary>
internal sealed class GraphOptions : MessagePackSerializerOptions
{
    public GraphOptions(MessagePackSerializerOptions template, GraphState state)
        : base(template)
    {
        State = state;
    }

    public GraphState State { get; }

    /// <summary>The state of the current call, or <see langword="null"/> for options Pickle did not create.</summary>
    public static GraphState? StateOf(MessagePackSerializerOptions options) => (options as GraphOptions)?.State;

    protected override MessagePackSerializerOptions Clone() => new GraphOptions(this, State);
}
