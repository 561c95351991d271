namespace Lifestream.Core.Uploads;

/// <summary>No job or upload of the caller has this id (unknown, malformed, or another owner's: indistinguishable on purpose).</summary>
public sealed class JobNotFoundException(string jobId)
    : UploadApiException("job-not-found", "No such job.", ProblemKind.NotFound, $"There is no job '{Shorten(jobId)}'.")
{
    private static string Shorten(string id) => id.Length <= 64 ? id : id[..64] + "…";
}
