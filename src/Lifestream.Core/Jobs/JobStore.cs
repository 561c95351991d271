using Lifestream.Core.Persistence;

namespace Lifestream.Core.Jobs;

/// <summary>
/// The job state machine independent of where jobs are stored, as <see cref="Idempotency.IdempotencyStore"/> is for
/// claims: every transition reads the record, asks <see cref="JobTransitions"/> what to write and writes it with a
/// compare-and-swap on <see cref="JobRecord.Version"/>. Each write carries a fresh token, so a write whose
/// condition failed but whose stored token is ours (a re-sent request that had applied) counts as done.
/// Adapters implement only the three I/O primitives and the GSI query.
/// </summary>
public abstract class JobStore : IJobStore
{
    /// <summary>A lost compare-and-swap is retried after a re-read this many times before giving up.</summary>
    private const int MaxRounds = 5;

    protected JobStore(TimeProvider? timeProvider)
    {
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    protected TimeProvider TimeProvider { get; }

    public Task<JobRecord?> GetAsync(string jobId, CancellationToken cancellationToken) => ReadAsync(jobId, cancellationToken);

    public abstract Task<IReadOnlyList<JobRecord>> FindByS3KeyAsync(string s3Key, CancellationToken cancellationToken);

    public async Task<bool> TryCreateAsync(JobRecord job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var token = WriteTokens.New();
        var write = await TryInsertAsync(job with { Version = 1, WriteToken = token }, cancellationToken).ConfigureAwait(false);
        return WriteTokens.IsOurs(write, token, j => j.WriteToken);
    }

    public Task<JobWriteResult> TryMarkDispatchedAsync(string jobId, int attempt, string taskArn, string etag, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.Dispatch(job, attempt, taskArn, etag, now), cancellationToken);

    public Task<JobWriteResult> TryMarkRunningAsync(string jobId, int attempt, string stage, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.Start(job, attempt, stage, now), cancellationToken);

    public Task<JobWriteResult> TryRecordProgressAsync(string jobId, int attempt, string stage, IReadOnlyDictionary<string, double> timings, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.Progress(job, attempt, stage, timings, now), cancellationToken);

    public Task<JobWriteResult> TryMarkSucceededAsync(
        string jobId, int attempt, IReadOnlyList<string> resultKeys, IReadOnlyDictionary<string, double> timings, string stage, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.Succeed(job, attempt, resultKeys, timings, stage, now), cancellationToken);

    public Task<JobWriteResult> TryRecordAttemptFailureAsync(string jobId, int attempt, AttemptFailure failure, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.FailAttempt(job, attempt, failure, now), cancellationToken);

    public Task<JobWriteResult> TryRejectAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.Reject(job, reason, now), cancellationToken);

    public Task<JobWriteResult> TryGiveUpAsync(string jobId, string reason, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.GiveUp(job, reason, now), cancellationToken);

    public Task<JobWriteResult> TryFailUnstartedAsync(string jobId, string reason, string stage, CancellationToken cancellationToken) =>
        TransitionAsync(jobId, (job, now) => JobTransitions.FailUnstarted(job, reason, stage, now), cancellationToken);

    /// <summary>The stored job, or null when absent.</summary>
    protected abstract Task<JobRecord?> ReadAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="job"/> only if no record with its id exists; on failure returns the stored one.</summary>
    protected abstract Task<ConditionalWrite<JobRecord>> TryInsertAsync(JobRecord job, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored job with <paramref name="replacement"/> only if its stored version is still
    /// <paramref name="expectedVersion"/> (0: a record without a version); on failure returns the stored one.
    /// Attributes the record does not model are kept.
    /// </summary>
    protected abstract Task<ConditionalWrite<JobRecord>> TryReplaceAsync(JobRecord replacement, long expectedVersion, CancellationToken cancellationToken);

    private async Task<JobWriteResult> TransitionAsync(string jobId, Func<JobRecord, DateTimeOffset, JobDecision> rule, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jobId);
        for (var round = 0; round < MaxRounds; round++)
        {
            var current = await ReadAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (current is null)
            {
                return JobWriteResult.Missing(jobId);
            }

            switch (rule(current, TimeProvider.GetUtcNow()))
            {
                case JobDecision.AlreadyApplied already:
                    return new JobWriteResult(already.Current, null);
                case JobDecision.Refused refused:
                    return new JobWriteResult(current, refused.Reason);
                case JobDecision.Write write:
                    var token = WriteTokens.New();
                    var next = write.Next with { Version = current.Version + 1, WriteToken = token };
                    var result = await TryReplaceAsync(next, current.Version, cancellationToken).ConfigureAwait(false);
                    if (WriteTokens.IsOurs(result, token, j => j.WriteToken))
                    {
                        return new JobWriteResult(next, null);
                    }

                    break;
            }
        }

        throw new JobContentionException($"Job '{jobId}' changed under us {MaxRounds} times in a row.");
    }
}
