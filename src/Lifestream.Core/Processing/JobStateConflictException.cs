namespace Lifestream.Core.Processing;

/// <summary>The job record is absent or in a state this task may not move to running.</summary>
public sealed class JobStateConflictException : Exception
{
    public JobStateConflictException()
    {
    }

    public JobStateConflictException(string message)
        : base(message)
    {
    }

    public JobStateConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
