namespace Lifestream.Core.Idempotency;

/// <summary>
/// A claim transition lost its compare-and-swap too many times in a row (the record kept changing under us).
/// Transient: the caller leaves the message on the queue and a later delivery retries.
/// </summary>
public sealed class ClaimContentionException : Exception
{
    public ClaimContentionException()
    {
    }

    public ClaimContentionException(string message)
        : base(message)
    {
    }

    public ClaimContentionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
