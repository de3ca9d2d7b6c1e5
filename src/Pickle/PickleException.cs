namespace Pickling;

/// <summary>
/// The error raised for any problem with the content of a pickle: not a pickle at all, damaged, truncated,
/// written in a format or version this Pickle does not read, holding a value that does not fit the requested
/// type, or a value that cannot be dumped. The message says what is wrong and what to do; the original error,
/// if any, is kept as <see cref="Exception.InnerException"/>.
/// </summary>
/// <remarks>
/// Argument errors stay <see cref="ArgumentException"/>, file-system errors stay <see cref="IOException"/>, and
/// cancellation stays <see cref="OperationCanceledException"/>.
/// </remarks>
public class PickleException : Exception
{
    /// <summary>Creates an exception with a default message.</summary>
    public PickleException()
        : base("The pickle could not be dumped or loaded.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    public PickleException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and the error that caused it.</summary>
    /// <param name="message">What is wrong and what to do about it.</param>
    /// <param name="innerException">The error that caused this one.</param>
    public PickleException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
