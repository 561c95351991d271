namespace Lifestream.Core.Jobs;

/// <summary>
/// A job transition lost its compare-and-swap too many times in a row. Transient: the caller retries later
/// (the dispatcher leaves the message on the queue; the processor's bookkeeping retries within its budget).
/// </summary>
public sealed class JobContentionException : Exception
{
    public JobContentionException()
    {
    }

    public JobContentionException(string message)
        : base(message)
    {
    }

    public JobContentionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
