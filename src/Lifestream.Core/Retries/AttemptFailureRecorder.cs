using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;

namespace Lifestream.Core.Retries;

/// <summary>A failed attempt to record: its cause and what the job should show.</summary>
public sealed record FailedAttempt
{
    public required FailureCause Cause { get; init; }

    /// <summary>Redacted, one line: becomes the job's and the claim's error.</summary>
    public required string Reason { get; init; }

    public string? Stage { get; init; }

    public IReadOnlyList<string>? ResultKeys { get; init; }

    public IReadOnlyDictionary<string, double>? StageTimings { get; init; }
}

/// <summary>What <see cref="AttemptFailureRecorder.RecordAsync"/> did.</summary>
/// <param name="Decision">Retry (with the delay before the next attempt) or give up (terminal status).</param>
/// <param name="OwnedClaim">
/// False when the attempt no longer owned the claim (a newer attempt took over, or the claim already ended):
/// then nothing was written, and a retry is not this caller's to start.
/// </param>
/// <param name="Job">The job write's result; null when nothing was written.</param>
public sealed record AttemptFailureResult(RetryDecision Decision, bool OwnedClaim, JobWriteResult? Job);

/// <summary>
/// Records that attempt N of a claim ended without results, for every caller that learns of it: the processor
/// itself, the dispatcher after a failed launch, and the reconciler for a task that stopped without reporting.
/// <see cref="RetryPolicy"/> decides; the claim is written first, as the owner (failed when retried, abandoned when
/// given up) — that write is the fence — and the job only if it succeeded (retrying with its retry time, or terminal).
/// The attempt that exhausts MAX_ATTEMPTS therefore makes the job terminal itself.
/// </summary>
public sealed class AttemptFailureRecorder
{
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly TimeProvider time;

    public AttemptFailureRecorder(IIdempotencyStore claims, IJobStore jobs, RetryPolicy policy, TimeProvider time)
    {
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        Policy = policy ?? throw new ArgumentNullException(nameof(policy));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public RetryPolicy Policy { get; }

    /// <summary>Decides with <see cref="Policy"/>, then records (see the class summary).</summary>
    public Task<AttemptFailureResult> RecordAsync(IdempotencyKey key, string jobId, int attempt, FailedAttempt failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        return RecordAsync(key, jobId, attempt, failed, Policy.Decide(failed.Cause, attempt, failed.Reason), cancellationToken);
    }

    /// <summary>Records a decision the caller already took with <see cref="Policy"/> (to act on it first, e.g. choose the report's key).</summary>
    public async Task<AttemptFailureResult> RecordAsync(
        IdempotencyKey key, string jobId, int attempt, FailedAttempt failed, RetryDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(decision);
        var owned = decision is RetryDecision.GiveUp
            ? await claims.TryMarkAbandonedAsync(key, jobId, attempt, decision.Reason, cancellationToken).ConfigureAwait(false)
            : await claims.TryMarkFailedAsync(key, jobId, attempt, decision.Reason, cancellationToken).ConfigureAwait(false);
        if (!owned)
        {
            return new AttemptFailureResult(decision, false, null);
        }

        var job = await RecordOnJobAsync(jobId, attempt, failed, decision, cancellationToken).ConfigureAwait(false);
        return new AttemptFailureResult(decision, true, job);
    }

    /// <summary>
    /// The job half alone, for a caller whose claim write already succeeded and whose job write failed (the
    /// processor's bookkeeping retries it). Idempotent: a repeat finds the job already in the target status.
    /// </summary>
    public Task<JobWriteResult> RecordOnJobAsync(string jobId, int attempt, FailedAttempt failed, RetryDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failed);
        ArgumentNullException.ThrowIfNull(decision);
        var failure = new AttemptFailure
        {
            Status = decision.JobStatus,
            Error = decision.Reason,
            Stage = failed.Stage,
            RetryAt = decision is RetryDecision.RetryAfter retry ? time.GetUtcNow() + retry.Delay : null,
            ResultKeys = failed.ResultKeys,
            StageTimings = failed.StageTimings,
        };
        return jobs.TryRecordAttemptFailureAsync(jobId, attempt, failure, cancellationToken);
    }
}
