namespace Lifestream.Aws.Persistence;

/// <summary>A stored job item lacks an attribute or has a value of the wrong type.</summary>
public sealed class CorruptJobRecordException : Exception
{
    public CorruptJobRecordException()
    {
    }

    public CorruptJobRecordException(string message)
        : base(message)
    {
    }

    public CorruptJobRecordException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
