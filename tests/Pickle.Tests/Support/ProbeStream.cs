namespace Pickling.Tests.Support;

/// <summary>
/// A memory stream that can pretend not to be readable or writable, and remembers whether it was disposed.
/// </summary>
public sealed class ProbeStream(bool canRead = true, bool canWrite = true) : MemoryStream
{
    public bool WasDisposed { get; private set; }

    public override bool CanRead => canRead && base.CanRead;

    public override bool CanWrite => canWrite && base.CanWrite;

    protected override void Dispose(bool disposing)
    {
        WasDisposed = true;
        base.Dispose(disposing);
    }
}
