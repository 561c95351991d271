namespace Lifestream.Core.Uploads;

/// <summary>DELETE of a job that is still queued or running.</summary>
public sealed class JobStillActiveException(string jobId, string status)
    : UploadApiException("job-active", "The job is still active.", ProblemKind.Conflict, $"Job '{jobId}' is {status}; it can be deleted once it has finished.");
