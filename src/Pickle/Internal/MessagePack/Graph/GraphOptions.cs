using MessagePack;

namespace Pickling.Internal.MessagePack;

/// <summary>
/// The MessagePack options of one dump or one load: the shared settings plus a <see cref="GraphState"/> that lives
/// only as long as the call, so concurrent calls never share reference tables. A finished call gives its options
/// back (<see cref="Return"/>) for the thread's next call with the same settings, forgetting all it held.
/// </summary>
internal sealed class GraphOptions : MessagePackSerializerOptions
{
    /// <summary>The options this thread's last call gave back, for its next one.</summary>
    [ThreadStatic]
    private static GraphOptions? t_spare;

    private readonly MessagePackSerializerOptions _template;

    public GraphOptions(MessagePackSerializerOptions template, GraphState state)
        : base(template)
    {
        _template = template;
        State = state;
    }

    public GraphState State { get; }

    /// <summary>
    /// The options of one call made from <paramref name="template"/>, with a state as new: this thread's spare if it
    /// was made from the same template, else new ones. A call inside another (a converter that pickles) gets its own.
    /// </summary>
    public static GraphOptions Rent(
        MessagePackSerializerOptions template, PickleOptions options, ConverterResolver? converters, SegmentedBuffer? borrowingBuffer, PayloadVerifier? verifier, bool numbersObjects, bool keysOnce)
    {
        if (t_spare is { } spare && ReferenceEquals(spare._template, template))
        {
            t_spare = null;
            spare.State.Start(options, converters, borrowingBuffer, verifier, numbersObjects, keysOnce);
            return spare;
        }

        return new GraphOptions(template, new GraphState(options, converters, borrowingBuffer, verifier, numbersObjects, keysOnce));
    }

    /// <summary>The state of the current call, or <see langword="null"/> for options Pickle did not create.</summary>
    public static GraphState? StateOf(MessagePackSerializerOptions options) => (options as GraphOptions)?.State;

    /// <summary>Ends the call these options were rented for: its state lets go of every object it held, and they become this thread's spare.</summary>
    public void Return()
    {
        State.Empty();
        t_spare = this;
    }

    protected override MessagePackSerializerOptions Clone() => new GraphOptions(this, State);
}
