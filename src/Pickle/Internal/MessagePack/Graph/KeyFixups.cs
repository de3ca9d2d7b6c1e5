namespace Pickling.Internal.MessagePack;

/// <summary>
/// The collections of one load that wait for their keys, as BinaryFormatter's fixups did: with
/// <see cref="PickleOptions.PreserveReferences"/>, a key can refer back to an object whose fields are still being
/// loaded (a node kept in its own dictionary), so its hash and order are not yet its own. A dictionary or set that
/// reads such a key keeps it, and the entries after it, here (<see cref="GraphState.Defer"/>) and adds them once no
/// object is still being loaded, in the order they were read; an immutable collection, built as it is read, is
/// checked then instead. Collections whose keys are complete never come here.
/// </summary>
internal sealed class KeyFixups
{
    private readonly List<Action> _pending = [];

    public void Add(Action fixup) => _pending.Add(fixup);

    /// <summary>Runs the fixups kept so far, in the order they were kept.</summary>
    public void Run()
    {
        foreach (var fixup in _pending)
        {
            fixup();
        }

        _pending.Clear();
    }
}
