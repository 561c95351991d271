namespace Lifestream.Core.Uploads;

/// <summary>The upload exceeds one of the <see cref="UploadLimits"/>: a permanent cause, the job ends <c>rejected</c>.</summary>
public sealed class UploadLimitExceededException : Exception
{
    public UploadLimitExceededException()
    {
    }

    public UploadLimitExceededException(string message)
        : base(message)
    {
    }

    public UploadLimitExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public UploadLimitExceededException(LimitViolation violation)
        : base($"Rejected: {violation?.Message}.")
    {
        Violation = violation;
    }

    public LimitViolation? Violation { get; }

    /// <summary>The limit exception in <paramref name="exception"/>'s chain (stages wrap what they throw), or null.</summary>
    public static UploadLimitExceededException? FindIn(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is UploadLimitExceededException found)
            {
                return found;
            }
        }

        return null;
    }
}
