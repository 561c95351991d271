namespace Lifestream.Core.Idempotency;

/// <summary>A stored claim record lacks an attribute or has a value of the wrong type.</summary>
public sealed class CorruptClaimRecordException : Exception
{
    public CorruptClaimRecordException()
    {
    }

    public CorruptClaimRecordException(string message)
        : base(message)
    {
    }

    public CorruptClaimRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
