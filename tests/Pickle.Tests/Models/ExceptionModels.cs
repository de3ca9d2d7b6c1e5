namespace Pickling.Tests.Models;

/// <summary>A user's exception base with private state and no serialization constructor.</summary>
public class JobFailedException : Exception
{
    private readonly Guid _jobId;
    private readonly List<string> _steps;

    public JobFailedException(string message, Guid jobId, Exception? inner = null)
        : base(message, inner)
    {
        _jobId = jobId;
        _steps = ["queued", "started"];
    }

    public Guid JobId => _jobId;

    public IReadOnlyList<string> Steps => _steps;
}

/// <summary>A derived user exception with its own fields and no constructor but one that takes arguments.</summary>
public sealed class RetryableJobFailedException(string message, Guid jobId, int attempts, TimeSpan backoff) : JobFailedException(message, jobId)
{
    private readonly TimeSpan _backoff = backoff;

    public int Attempts { get; } = attempts;

    public TimeSpan Backoff => _backoff;
}

/// <summary>A record of a failed job, as a program would keep one.</summary>
public sealed class FailedJob
{
    public string Name { get; set; } = "";

    public Exception? Error { get; set; }

    public object? Detail { get; set; }
}
