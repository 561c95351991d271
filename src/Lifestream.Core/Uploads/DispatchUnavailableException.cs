namespace Lifestream.Core.Uploads;

/// <summary>The dispatch queue did not take the confirm message; the job was not created.</summary>
public sealed class DispatchUnavailableException(string jobId)
    : UploadApiException("dispatch-unavailable", "The job could not be queued.", ProblemKind.Unavailable, $"Queueing job '{jobId}' failed; nothing was changed. Retry the confirm.");
