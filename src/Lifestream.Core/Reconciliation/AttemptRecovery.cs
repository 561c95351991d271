using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.Core.Retries;
using Lifestream.Core.Storage;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Reconciliation;

/// <summary>What recovery did.</summary>
public enum RecoveryResultKind
{
    Ignored,
    Relaunched,
    LaunchFailed,
    GaveUp,
    Rejected,
    SourceChanged,
    Superseded,
    Completed,
    OwnerAlive,
}

public sealed record RecoveryResult(RecoveryResultKind Kind, string Detail)
{
    public string? TaskArn { get; init; }

    public int? Attempt { get; init; }
}

/// <summary>
/// Carries out <see cref="AttemptRecoveryRules"/> decisions with conditional writes only: the fenced claim write
/// (owner's <c>(job_id, attempt)</c>) first, then the job. Retries are decided by <see cref="RetryPolicy"/> through
/// the same <see cref="AttemptFailureRecorder"/> the processor and the dispatcher use, and the next attempt is
/// launched by the dispatcher's own <see cref="AttemptLauncher"/>. Shared by <see cref="TaskStopReconciler"/> and
/// <see cref="StaleWorkSweeper"/>, so a stop event and a sweep that race over the same attempt resolve in the
/// claim's compare-and-swap: one relaunches, the other sees a newer attempt and ignores it.
/// </summary>
public sealed class AttemptRecovery
{
    private readonly IObjectStore objects;
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly AttemptLauncher launcher;
    private readonly IdempotencyOptions claimPolicy;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public AttemptRecovery(
        DispatcherOptions options,
        IdempotencyOptions claimPolicy,
        IObjectStore objects,
        IIdempotencyStore claims,
        IJobStore jobs,
        ITaskLauncher launcher,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.claimPolicy = claimPolicy ?? throw new ArgumentNullException(nameof(claimPolicy));
        OptionsValidation.ThrowIfAnyInvalid(problems => new DispatcherConfigurationException(problems), options, claimPolicy);

        this.objects = objects ?? throw new ArgumentNullException(nameof(objects));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        this.launcher = new AttemptLauncher(
            options, claimPolicy, jobs, launcher ?? throw new ArgumentNullException(nameof(launcher)), new AttemptFailureRecorder(claims, jobs, RetryPolicy.For(claimPolicy), time), time, logger);
    }

    public IdempotencyOptions ClaimPolicy => claimPolicy;

    /// <summary>Decides and acts for one attempt that stopped (or whose lease ran out). Store errors propagate.</summary>
    public Task<RecoveryResult> RecoverAsync(StoppedAttempt attempt, AttemptStop stop, CancellationToken cancellationToken) =>
        RecoverAsync(attempt, stop, rounds: 2, cancellationToken);

    /// <summary>
    /// An open job the sweeper found idle: act on its claim's state. A job with no claim at all (a confirm-flow job
    /// whose S3 event never came, a dispatcher that died before claiming) is re-driven only after
    /// <paramref name="claimlessGrace"/>, so an upload still in progress is not rejected. A retrying job waits for its
    /// <see cref="JobRecord.RetryAt"/>.
    /// </summary>
    public async Task<RecoveryResult> RecoverIdleJobAsync(JobRecord job, TimeSpan claimlessGrace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (job.Status.IsTerminal())
        {
            return new RecoveryResult(RecoveryResultKind.Ignored, $"job is {job.Status.ToWire()}");
        }

        var now = time.GetUtcNow();
        if (job.Status == JobStatus.Retrying && job.RetryAt is { } due && due > now)
        {
            // The backoff is for the retry; a job that cannot be retried (its object changed or is gone) ends now.
            return job.ETag is { } waitingFor && await SourceGoneAsync(job.JobId, job.S3Bucket, job.S3Key, waitingFor, cancellationToken).ConfigureAwait(false) is { } ended
                ? ended
                : new RecoveryResult(RecoveryResultKind.OwnerAlive, $"the next attempt is due at {due:O}");
        }

        var etag = job.ETag;
        if (etag is null)
        {
            var head = await objects.HeadAsync(job.S3Bucket, job.S3Key, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return now - job.UpdatedAt >= claimlessGrace
                    ? await RejectAsync(job.JobId, $"object s3://{job.S3Bucket}/{job.S3Key} does not exist", cancellationToken).ConfigureAwait(false)
                    : new RecoveryResult(RecoveryResultKind.Ignored, "no object yet; within the upload grace");
            }

            etag = IdempotencyKey.NormalizeETag(head.ETag);
        }

        var key = new IdempotencyKey(job.S3Key, etag);
        var claim = await claims.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            if (now - job.UpdatedAt < claimlessGrace)
            {
                return new RecoveryResult(RecoveryResultKind.Ignored, "no claim yet; within the grace for unclaimed jobs");
            }

            return await RelaunchAsync(new StoppedAttempt(job.JobId, job.S3Bucket, job.S3Key, etag, Attempt: 0), job, $"job stayed {job.Status.ToWire()} with no claim; re-driving", cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(claim.JobId, job.JobId, StringComparison.Ordinal))
        {
            return await GiveUpAsync(job.JobId, $"superseded: object version {key} is processed as job {claim.JobId}", RecoveryResultKind.Superseded, cancellationToken).ConfigureAwait(false);
        }

        var attempt = new StoppedAttempt(job.JobId, job.S3Bucket, job.S3Key, etag, claim.Attempt);
        return claim.State switch
        {
            ClaimState.Dispatched or ClaimState.Running when !ClaimRules.IsLeaseExpired(claim, now) =>
                new RecoveryResult(RecoveryResultKind.OwnerAlive, $"attempt {claim.Attempt} holds the lease until {claim.LeaseExpiresAt:O}"),
            ClaimState.Dispatched or ClaimState.Running => await RecoverAsync(attempt, AttemptStop.LeaseExpired(claim), cancellationToken).ConfigureAwait(false),
            _ => await RecoverAsync(
                attempt,
                new AttemptStop(FailureCause.TaskCrashed, $"claim is {claim.State.ToWire()} ({claim.Error ?? "no error recorded"}) while the job stayed {job.Status.ToWire()}"),
                cancellationToken).ConfigureAwait(false),
        };
    }

    private async Task<RecoveryResult> RecoverAsync(StoppedAttempt attempt, AttemptStop stop, int rounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(stop);
        var claim = await claims.GetAsync(attempt.ClaimKey, cancellationToken).ConfigureAwait(false);
        var job = await jobs.GetAsync(attempt.JobId, cancellationToken).ConfigureAwait(false);
        var decision = AttemptRecoveryRules.Decide(attempt, stop, claim, job);
        logger.LogInformation(
            "Recovery of job {JobId} attempt {Attempt} ({Key}): {Action} — {Reason}",
            attempt.JobId,
            attempt.Attempt,
            attempt.ClaimKey.Value,
            decision.Action,
            decision.Reason);
        var reason = SecretRedactor.RedactAndTruncate(decision.Reason);
        switch (decision.Action)
        {
            case RecoveryAction.Ignore:
                return new RecoveryResult(RecoveryResultKind.Ignored, decision.Reason);
            case RecoveryAction.RecordFailure:
                var recorded = await launcher.Failures.RecordAsync(
                    attempt.ClaimKey, attempt.JobId, attempt.Attempt, new FailedAttempt { Cause = stop.Cause, Reason = reason }, cancellationToken).ConfigureAwait(false);
                if (!recorded.OwnedClaim)
                {
                    // The claim moved between our read and the fenced write (the task's own last write, or another
                    // recoverer): decide again on what is stored now.
                    return rounds > 1
                        ? await RecoverAsync(attempt, stop, rounds - 1, cancellationToken).ConfigureAwait(false)
                        : new RecoveryResult(RecoveryResultKind.Ignored, $"the claim changed under recovery: {decision.Reason}");
                }

                return recorded.Decision is RetryDecision.RetryAfter && recorded.Job is { Applied: true } or { Record: null }
                    ? await RelaunchAsync(attempt, job, recorded.Decision.Reason, cancellationToken).ConfigureAwait(false)
                    : new RecoveryResult(recorded.Decision is RetryDecision.RetryAfter ? RecoveryResultKind.Ignored : RecoveryResultKind.GaveUp, recorded.Decision.Reason);
            case RecoveryAction.ReleaseClaim:
                await claims.TryMarkAbandonedAsync(attempt.ClaimKey, attempt.JobId, attempt.Attempt, reason, cancellationToken).ConfigureAwait(false);
                return new RecoveryResult(RecoveryResultKind.Completed, decision.Reason);
            case RecoveryAction.Relaunch:
                return await RelaunchAsync(attempt, job, reason, cancellationToken).ConfigureAwait(false);
            case RecoveryAction.GiveUp:
                return await GiveUpAsync(attempt.JobId, reason, RecoveryResultKind.GaveUp, cancellationToken).ConfigureAwait(false);
            case RecoveryAction.CompleteClaim:
                var summary = job!.ResultKeys.FirstOrDefault(k => k.EndsWith("/" + ResultDocuments.Summary, StringComparison.Ordinal))
                    ?? $"results/{job.JobId}/{ResultDocuments.Summary}";
                await claims.TryMarkProcessedAsync(attempt.ClaimKey, attempt.JobId, attempt.Attempt, summary, cancellationToken).ConfigureAwait(false);
                return new RecoveryResult(RecoveryResultKind.Completed, decision.Reason);
            case RecoveryAction.CompleteJob:
                var completed = await jobs.TryMarkSucceededAsync(
                    attempt.JobId,
                    attempt.Attempt,
                    claim?.ResultS3Key is { } result ? [result] : job!.ResultKeys,
                    job!.StageTimings,
                    job.CurrentStage ?? "finalize",
                    cancellationToken).ConfigureAwait(false);
                return new RecoveryResult(completed.Applied ? RecoveryResultKind.Completed : RecoveryResultKind.Ignored, completed.Refusal ?? decision.Reason);
            default:
                throw new InvalidOperationException($"Unknown recovery action {decision.Action}.");
        }
    }

    /// <summary>
    /// Launches the next attempt of the same object version under the same job: HEAD (a changed or deleted object
    /// ends the job: its new version has its own event), take the claim (compare-and-swap), then the dispatcher's
    /// launch step.
    /// </summary>
    private async Task<RecoveryResult> RelaunchAsync(StoppedAttempt previous, JobRecord? job, string reason, CancellationToken cancellationToken)
    {
        if (job is null)
        {
            // A dispatcher died between claiming and creating the job: the claim names the job, so create it now
            // (whatever happens next is then recorded on it).
            var created = time.GetUtcNow();
            await jobs.TryCreateAsync(
                new JobRecord { JobId = previous.JobId, S3Bucket = previous.Bucket, S3Key = previous.Key, ETag = previous.ETag, Status = JobStatus.Queued, CreatedAt = created, UpdatedAt = created },
                cancellationToken).ConfigureAwait(false);
        }

        if (await SourceGoneAsync(previous.JobId, previous.Bucket, previous.Key, previous.ETag, cancellationToken).ConfigureAwait(false) is { } gone)
        {
            return gone;
        }

        var outcome = await claims.TryClaimAsync(previous.ClaimKey, previous.JobId, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case ClaimOutcome.AlreadyProcessed:
                return new RecoveryResult(RecoveryResultKind.Ignored, "the version was processed meanwhile");
            case ClaimOutcome.InProgress inProgress:
                return new RecoveryResult(RecoveryResultKind.OwnerAlive, $"attempt {inProgress.Record.Attempt} took the claim meanwhile");
            case ClaimOutcome.AttemptsExhausted or ClaimOutcome.Abandoned:
                var ended = outcome is ClaimOutcome.AttemptsExhausted exhausted ? exhausted.Record : ((ClaimOutcome.Abandoned)outcome).Record;
                return await GiveUpAsync(previous.JobId, $"gave up after {ended.Attempt} attempt(s): {ended.Error ?? reason}", RecoveryResultKind.GaveUp, cancellationToken).ConfigureAwait(false);
            case ClaimOutcome.Claimed claimed:
                var launch = await launcher.LaunchAsync(previous.ClaimKey, previous.Bucket, claimed, cancellationToken).ConfigureAwait(false);
                if (launch is AttemptLaunch.Launched launched)
                {
                    logger.LogInformation("Relaunched job {JobId} as attempt {Attempt}: {TaskArn}", launched.JobId, launched.Attempt, launched.TaskArn);
                    return new RecoveryResult(RecoveryResultKind.Relaunched, reason) { TaskArn = launched.TaskArn, Attempt = launched.Attempt };
                }

                var failed = (AttemptLaunch.Failed)launch;
                return failed.Decision is RetryDecision.GiveUp giveUp
                    ? new RecoveryResult(RecoveryResultKind.GaveUp, giveUp.Reason) { Attempt = failed.Attempt }
                    : new RecoveryResult(RecoveryResultKind.LaunchFailed, failed.Reason) { Attempt = failed.Attempt };
            default:
                throw new InvalidOperationException($"Unknown claim outcome {outcome.GetType().Name}.");
        }
    }

    /// <summary>
    /// HEAD the job's object: a deleted object ends the job <c>rejected</c>, a changed one <c>source_changed</c> (its
    /// new version has its own event); null when it is still the version the job is for.
    /// </summary>
    private async Task<RecoveryResult?> SourceGoneAsync(string jobId, string bucket, string key, string etag, CancellationToken cancellationToken)
    {
        var head = await objects.HeadAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return await RejectAsync(jobId, $"object s3://{bucket}/{key} no longer exists", cancellationToken).ConfigureAwait(false);
        }

        var currentETag = IdempotencyKey.NormalizeETag(head.ETag);
        if (string.Equals(currentETag, etag, StringComparison.Ordinal))
        {
            return null;
        }

        var changed = $"source_changed: s3://{bucket}/{key} now has ETag {currentETag}, this job was for {etag}; the new version has its own job";
        return await GiveUpAsync(jobId, changed, RecoveryResultKind.SourceChanged, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RecoveryResult> GiveUpAsync(string jobId, string reason, RecoveryResultKind kind, CancellationToken cancellationToken)
    {
        var updated = await jobs.TryGiveUpAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
        return new RecoveryResult(updated.Applied ? kind : RecoveryResultKind.Ignored, updated.Refusal ?? reason);
    }

    private async Task<RecoveryResult> RejectAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        var rejected = await jobs.TryRejectAsync(jobId, reason, cancellationToken).ConfigureAwait(false);
        return new RecoveryResult(rejected.Applied ? RecoveryResultKind.Rejected : RecoveryResultKind.Ignored, rejected.Refusal ?? reason);
    }
}
