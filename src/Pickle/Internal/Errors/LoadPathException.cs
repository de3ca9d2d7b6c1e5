using System.Buffers;
using System.Text;

namespace Pickling.Internal;

/// <summary>
/// An error about the content of a pickle, with the path to where in the value it was met (<c>Cart.Lines[1].Quantity</c>).
/// The path costs nothing while a load goes well: the formatter of each member and element catches an error
/// thrown inside it, and where it does not carry a path yet (<see cref="Starts"/>), starts one
/// (<see cref="Start"/>); every formatter further out only adds its step to the path in its exception filter,
/// without catching, while the exception passes it on the way out.
/// </summary>
internal sealed class LoadPathException : PickleException
{
    /// <summary>How many steps are shown from the root, and how many before the value, when a path is longer.</summary>
    private const int FirstSteps = 8;
    private const int LastSteps = 4;

    private readonly List<PathStep> _steps = [];
    private readonly string _problem;
    private Type _root;
    private string? _message;

    public LoadPathException(string problem, Type owner, Exception? innerException)
        : base(problem, innerException)
    {
        _problem = problem;
        _root = owner;
    }

    /// <summary>The path and what is wrong there.</summary>
    public override string Message => _message ??= Render();

    /// <summary>
    /// For an exception filter of the formatter of a <paramref name="owner"/>, which was at <paramref name="step"/>:
    /// adds the step to an error that has a path and returns false, so that the error goes on outwards; true for an
    /// error about the content that has none yet, which the formatter catches and passes to <see cref="Start"/>.
    /// </summary>
    public static bool Starts(Exception e, PathStep step, Type owner)
    {
        if (e is LoadPathException path)
        {
            path.Add(step, owner);
            return false;
        }

        return e is not (OperationCanceledException or OutOfMemoryException or IOException or PickleDamagedException or PickleEndOfStreamException);
    }

    /// <summary>
    /// The error <paramref name="e"/>, met at <paramref name="step"/> of a <paramref name="owner"/> while loading a
    /// <paramref name="expected"/> from <paramref name="value"/> (the payload from the start of that value on).
    /// </summary>
    public static LoadPathException Start(Exception e, PathStep step, Type owner, Type expected, ReadOnlySequence<byte> value)
    {
        var error = new LoadPathException(LoadErrors.Problem(e, LoadErrors.Held(value), expected), owner, e);
        error._steps.Add(step);
        return error;
    }

    /// <summary>The error as the caller of a load sees it: a <see cref="PickleException"/> with the path in its message and the original error inside.</summary>
    public PickleException Surfaced() => new(Message, InnerException);

    private void Add(PathStep step, Type owner)
    {
        _steps.Add(step);
        _root = owner;
        _message = null;
    }

    private string Render()
    {
        var text = new StringBuilder(TypeNames.Of(_root));
        var count = _steps.Count;
        for (var i = count - 1; i >= 0; i--)
        {
            var fromRoot = count - 1 - i;
            if (fromRoot == FirstSteps && i >= LastSteps + 2)
            {
                text.Append(" ... (").Append((i + 1 - LastSteps).ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append(" more steps) ...");
                i = LastSteps;
                continue;
            }

            _steps[i].AppendTo(text);
        }

        return text.Append(": ").Append(_problem).ToString();
    }
}
