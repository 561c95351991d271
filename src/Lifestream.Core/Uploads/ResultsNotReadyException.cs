namespace Lifestream.Core.Uploads;

/// <summary>Results were asked for before the job succeeded.</summary>
public sealed class ResultsNotReadyException(string jobId, string status)
    : UploadApiException("results-not-ready", "The job has no results yet.", ProblemKind.Conflict, $"Job '{jobId}' is {status}; results exist once it has succeeded.");
