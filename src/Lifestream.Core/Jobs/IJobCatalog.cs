namespace Lifestream.Core.Jobs;

/// <summary>
/// What the upload API needs from the jobs table beyond <see cref="IJobStore"/>: a caller's jobs newest first
/// (a Query on the sparse <c>owner-index</c>, never a Scan), adopting a job the dispatcher created from the
/// upload's own S3 event, and deleting a finished job. Adapters: DynamoDB (Lifestream.Aws), in-memory.
/// </summary>
public interface IJobCatalog
{
    /// <summary>
    /// Up to <paramref name="limit"/> jobs of <paramref name="owner"/>, newest first, starting after
    /// <paramref name="after"/> (the last job of the previous page).
    /// </summary>
    Task<JobPage> ListByOwnerAsync(string owner, int limit, JobPosition? after, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the owner of a job that has none yet and processes <paramref name="s3Key"/>. Returns the job
    /// (also when it already had this owner), or null when it does not exist, has another owner or another key.
    /// </summary>
    Task<JobRecord?> TryAdoptAsync(string jobId, string s3Key, string owner, CancellationToken cancellationToken);

    /// <summary>Deletes the job if its status is one of <paramref name="expectedStatuses"/>; false when absent or in another status.</summary>
    Task<bool> TryDeleteAsync(string jobId, IReadOnlyCollection<JobStatus> expectedStatuses, CancellationToken cancellationToken);
}

/// <summary>Where a page of an owner's jobs ends: the sort key and id of its last job.</summary>
public sealed record JobPosition(DateTimeOffset CreatedAt, string JobId);

/// <summary>One page of jobs; <see cref="Next"/> is null on the last page.</summary>
public sealed record JobPage(IReadOnlyList<JobRecord> Jobs, JobPosition? Next);
