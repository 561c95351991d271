namespace Lifestream.Core.Jobs;

/// <summary>
/// The job state machine's port (docs/state-machines.md). Each transition is named; which statuses allow it is
/// decided by <see cref="JobTransitions"/> alone and written with one compare-and-swap, so retries and late tasks
/// cannot move a job backwards. Adapters derive from <see cref="JobStore"/>: DynamoDB (Lifestream.Aws), in-memory.
/// </summary>
public interface IJobStore
{
    Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Jobs for one S3 key via the <c>s3_key</c> GSI (never a Scan), newest first.</summary>
    Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken);

    /// <summary>Creates the record; false if a record with that id already exists (and is not this call's own write).</summary>
    Task<bool> TryCreateAsync(JobRecord job, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.Dispatch"/>: the dispatcher launched a task for <paramref name="attempt"/>.</summary>
    Task<JobWriteResult> TryMarkDispatchedAsync(string jobId, int attempt, string taskArn, string etag, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.Start"/>: the processor of <paramref name="attempt"/> starts.</summary>
    Task<JobWriteResult> TryMarkRunningAsync(string jobId, int attempt, string stage, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.Progress"/>: stage and timings of the running attempt.</summary>
    Task<JobWriteResult> TryRecordProgressAsync(string jobId, int attempt, string stage, IReadOnlyDictionary<string, double> timings, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.Succeed"/>: the running attempt published its results.</summary>
    Task<JobWriteResult> TryMarkSucceededAsync(string jobId, int attempt, IReadOnlyList<string> resultKeys, IReadOnlyDictionary<string, double> timings, string stage, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.FailAttempt"/>: an attempt ended without results (retrying or terminal).</summary>
    Task<JobWriteResult> TryRecordAttemptFailureAsync(string jobId, int attempt, AttemptFailure failure, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.Reject"/>: the object is missing.</summary>
    Task<JobWriteResult> TryRejectAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.GiveUp"/>: the claim is exhausted or abandoned.</summary>
    Task<JobWriteResult> TryGiveUpAsync(string jobId, string reason, CancellationToken cancellationToken);

    /// <summary><see cref="JobTransitions.FailUnstarted"/>: the processor could not start (invalid settings).</summary>
    Task<JobWriteResult> TryFailUnstartedAsync(string jobId, string reason, string stage, CancellationToken cancellationToken);
}

/// <summary>The result of a named job transition.</summary>
/// <param name="Record">The stored record after the call (null when the job does not exist).</param>
/// <param name="Refusal">Why the transition was not allowed; null when it applied (now or by an earlier write of ours).</param>
public sealed record JobWriteResult(JobRecord? Record, string? Refusal)
{
    public bool Applied => Refusal is null;

    public static JobWriteResult Missing(string jobId) => new(null, $"job {jobId} does not exist");
}
