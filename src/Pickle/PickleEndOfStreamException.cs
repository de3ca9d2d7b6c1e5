namespace Pickling;

/// <summary>
/// Raised by <c>Load</c> when the stream ends where a pickle should start: every object dumped to it has been
/// loaded already (Python's pickle raises <c>EOFError</c> here). Use <c>LoadAll</c> to read every object
/// in a stream without meeting this exception.
/// </summary>
public class PickleEndOfStreamException : PickleException
{
    /// <summary>Creates an exception with a default message.</summary>
    public PickleEndOfStreamException()
        : base("The stream has no more pickles: every object dumped to it has been loaded already. Use Pickle.LoadAll to read all of them without reaching the end.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    public PickleEndOfStreamException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the error that caused it.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public PickleEndOfStreamException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
