using Lifestream.Core.Configuration;
using Lifestream.Core.Dispatching;
using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
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
/// (owner's <c>(job_id, attempt)</c>) first, then the job. Shared by <see cref="TaskStopReconciler"/> and
/// <see cref="StaleWorkSweeper"/>, so a stop event and a sweep that race over the same attempt resolve in the
/// claim's compare-and-swap: one relaunches, the other sees a newer attempt and ignores it.
/// </summary>
public sealed class AttemptRecovery
{
    private readonly IObjectStore objects;
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly ITaskLauncher launcher;
    private readonly ProcessorLaunchFactory launches;
    private readonly IdempotencyOptions claimPolicy;
    private readonly IAttemptRetryPolicy retryPolicy;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public AttemptRecovery(
        DispatcherOptions options,
        IdempotencyOptions claimPolicy,
        IObjectStore objects,
        IIdempotencyStore claims,
        IJobStore jobs,
        ITaskLauncher launcher,
        IAttemptRetryPolicy retryPolicy,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.claimPolicy = claimPolicy ?? throw new ArgumentNullException(nameof(claimPolicy));
        OptionsValidation.ThrowIfAnyInvalid(problems => new DispatcherConfigurationException(problems), options, claimPolicy);

        this.objects = objects ?? throw new ArgumentNullException(nameof(objects));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        this.retryPolicy = retryPolicy ?? throw new ArgumentNullException(nameof(retryPolicy));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        launches = new ProcessorLaunchFactory(options, claimPolicy);
    }

    public IdempotencyOptions ClaimPolicy => claimPolicy;

    /// <summary>Decides and acts for one attempt that stopped (or whose lease ran out). Store errors propagate.</summary>
    public async Task<RecoveryResult> RecoverAsync(StoppedAttempt attempt, AttemptStop stop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        ArgumentNullException.ThrowIfNull(stop);
        var claim = await claims.GetAsync(attempt.ClaimKey, cancellationToken).ConfigureAwait(false);
        var job = await jobs.GetAsync(attempt.JobId, cancellationToken).ConfigureAwait(false);
        var decision = AttemptRecoveryRules.Decide(attempt, stop, claim, job, claimPolicy.MaxAttempts, retryPolicy);
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
            case RecoveryAction.FailAttemptAndRetry:
            case RecoveryAction.FailAttemptAndGiveUp:
                if (!await claims.TryMarkFailedAsync(attempt.ClaimKey, attempt.JobId, attempt.Attempt, reason, cancellationToken).ConfigureAwait(false))
                {
                    // The claim moved between our read and the fenced write (the task's own last write, or another
                    // recoverer): decide again on what is stored now.
                    return await RecoverAgainAsync(attempt, stop, cancellationToken).ConfigureAwait(false);
                }

                return decision.Action == RecoveryAction.FailAttemptAndRetry
                    ? await RelaunchAsync(attempt, job, reason, cancellationToken).ConfigureAwait(false)
                    : await GiveUpAsync(attempt.JobId, reason, cancellationToken).ConfigureAwait(false);
            case RecoveryAction.Retry:
                return await RelaunchAsync(attempt, job, reason, cancellationToken).ConfigureAwait(false);
            case RecoveryAction.GiveUp:
                return await GiveUpAsync(attempt.JobId, reason, cancellationToken).ConfigureAwait(false);
            case RecoveryAction.CompleteClaim:
                var summary = job!.ResultKeys.FirstOrDefault(k => k.EndsWith("/" + ResultDocuments.Summary, StringComparison.Ordinal))
                    ?? $"results/{job.JobId}/{ResultDocuments.Summary}";
                await claims.TryMarkProcessedAsync(attempt.ClaimKey, attempt.JobId, attempt.Attempt, summary, cancellationToken).ConfigureAwait(false);
                return new RecoveryResult(RecoveryResultKind.Completed, decision.Reason);
            case RecoveryAction.CompleteJob:
                await jobs.TryTransitionAsync(
                    attempt.JobId,
                    RecoveryStatuses.Open,
                    new JobUpdate { Status = JobStatus.Succeeded, ResultKeys = claim?.ResultS3Key is { } result ? [result] : null, UpdatedAt = time.GetUtcNow() },
                    cancellationToken).ConfigureAwait(false);
                return new RecoveryResult(RecoveryResultKind.Completed, decision.Reason);
            default:
                throw new InvalidOperationException($"Unknown recovery action {decision.Action}.");
        }
    }

    /// <summary>
    /// An open job the sweeper found idle: act on its claim's state. A job with no claim at all (a confirm-flow job
    /// whose S3 event never came, a dispatcher that died before claiming) is re-driven only after
    /// <paramref name="claimlessGrace"/>, so an upload still in progress is not rejected.
    /// </summary>
    public async Task<RecoveryResult> RecoverIdleJobAsync(JobRecord job, TimeSpan claimlessGrace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!RecoveryStatuses.IsOpen(job.Status))
        {
            return new RecoveryResult(RecoveryResultKind.Ignored, $"job is {job.Status.ToWire()}");
        }

        var etag = job.ETag;
        if (etag is null)
        {
            var head = await objects.HeadAsync(job.S3Bucket, job.S3Key, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return time.GetUtcNow() - job.UpdatedAt >= claimlessGrace
                    ? await RejectAsync(job.JobId, $"object s3://{job.S3Bucket}/{job.S3Key} does not exist", cancellationToken).ConfigureAwait(false)
                    : new RecoveryResult(RecoveryResultKind.Ignored, "no object yet; within the upload grace");
            }

            etag = IdempotencyKey.NormalizeETag(head.ETag);
        }

        var key = new IdempotencyKey(job.S3Key, etag);
        var claim = await claims.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
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
            var reason = $"superseded: object version {key} is processed as job {claim.JobId}";
            var updated = await jobs.TryTransitionAsync(job.JobId, RecoveryStatuses.Open, new JobUpdate { Status = JobStatus.Failed, Error = reason, UpdatedAt = now }, cancellationToken).ConfigureAwait(false);
            return new RecoveryResult(updated is null ? RecoveryResultKind.Ignored : RecoveryResultKind.Superseded, reason);
        }

        var attempt = new StoppedAttempt(job.JobId, job.S3Bucket, job.S3Key, etag, claim.Attempt);
        return claim.State switch
        {
            ClaimState.Dispatched or ClaimState.Running when !ClaimRules.IsLeaseExpired(claim, now) =>
                new RecoveryResult(RecoveryResultKind.OwnerAlive, $"attempt {claim.Attempt} holds the lease until {claim.LeaseExpiresAt:O}"),
            ClaimState.Dispatched or ClaimState.Running => await RecoverAsync(attempt, LeaseExpired(claim), cancellationToken).ConfigureAwait(false),
            _ => await RecoverAsync(attempt, new AttemptStop(AttemptStopKind.Unfinished, $"claim is {claim.State.ToWire()} ({claim.Error ?? "no error recorded"}) while the job stayed {job.Status.ToWire()}"), cancellationToken).ConfigureAwait(false),
        };
    }

    public static AttemptStop LeaseExpired(ClaimRecord claim)
    {
        ArgumentNullException.ThrowIfNull(claim);
        return new AttemptStop(AttemptStopKind.LeaseExpired, $"the lease of attempt {claim.Attempt} ({claim.State.ToWire()}) expired at {claim.LeaseExpiresAt:O} with no stop reported");
    }

    private async Task<RecoveryResult> RecoverAgainAsync(StoppedAttempt attempt, AttemptStop stop, CancellationToken cancellationToken)
    {
        var claim = await claims.GetAsync(attempt.ClaimKey, cancellationToken).ConfigureAwait(false);
        var job = await jobs.GetAsync(attempt.JobId, cancellationToken).ConfigureAwait(false);
        var decision = AttemptRecoveryRules.Decide(attempt, stop, claim, job, claimPolicy.MaxAttempts, retryPolicy);
        var reason = SecretRedactor.RedactAndTruncate(decision.Reason);
        return decision.Action switch
        {
            RecoveryAction.Retry => await RelaunchAsync(attempt, job, reason, cancellationToken).ConfigureAwait(false),
            RecoveryAction.GiveUp => await GiveUpAsync(attempt.JobId, reason, cancellationToken).ConfigureAwait(false),
            _ => new RecoveryResult(RecoveryResultKind.Ignored, $"the claim changed under recovery: {decision.Reason}"),
        };
    }

    /// <summary>
    /// Launches the next attempt of the same object version under the same job: HEAD (a changed or deleted object
    /// ends the job: its new version has its own event), take the claim (compare-and-swap), RunTask, job dispatched.
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

        var head = await objects.HeadAsync(previous.Bucket, previous.Key, cancellationToken).ConfigureAwait(false);
        if (head is null)
        {
            return await RejectAsync(previous.JobId, $"object s3://{previous.Bucket}/{previous.Key} no longer exists", cancellationToken).ConfigureAwait(false);
        }

        if (!string.Equals(IdempotencyKey.NormalizeETag(head.ETag), previous.ETag, StringComparison.Ordinal))
        {
            var changed = $"source_changed: s3://{previous.Bucket}/{previous.Key} now has ETag {IdempotencyKey.NormalizeETag(head.ETag)}, this job was for {previous.ETag}; the new version has its own job";
            await jobs.TryTransitionAsync(previous.JobId, RecoveryStatuses.Open, new JobUpdate { Status = JobStatus.Failed, Error = changed, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
            return new RecoveryResult(RecoveryResultKind.SourceChanged, changed);
        }

        var outcome = await claims.TryClaimAsync(previous.ClaimKey, previous.JobId, cancellationToken).ConfigureAwait(false);
        if (outcome is not ClaimOutcome.Claimed claimed)
        {
            return outcome switch
            {
                ClaimOutcome.AlreadyProcessed => new RecoveryResult(RecoveryResultKind.Ignored, "the version was processed meanwhile"),
                ClaimOutcome.InProgress inProgress => new RecoveryResult(RecoveryResultKind.OwnerAlive, $"attempt {inProgress.Record.Attempt} took the claim meanwhile"),
                ClaimOutcome.AttemptsExhausted exhausted => await GiveUpAsync(previous.JobId, $"gave up after {exhausted.Record.Attempt} attempt(s): {exhausted.Record.Error ?? reason}", cancellationToken).ConfigureAwait(false),
                _ => throw new InvalidOperationException($"Unknown claim outcome {outcome.GetType().Name}."),
            };
        }

        var next = claimed.Attempt;
        var jobId = claimed.Record.JobId;
        LaunchedTask task;
        try
        {
            task = await launcher.LaunchAsync(launches.Create(jobId, previous.Bucket, previous.Key, previous.ETag, next), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TaskLaunchException or OperationCanceledException)
        {
            var failed = SecretRedactor.RedactAndTruncate($"launch of attempt {next} failed: {ex.Message}");
            logger.LogWarning("Relaunch of job {JobId} attempt {Attempt} failed; the sweeper retries it: {Error}", jobId, next, failed);
            await claims.TryMarkFailedAsync(previous.ClaimKey, jobId, next, failed, CancellationToken.None).ConfigureAwait(false);
            await jobs.TryTransitionAsync(jobId, RecoveryStatuses.Open, new JobUpdate { Error = failed, UpdatedAt = time.GetUtcNow() }, CancellationToken.None).ConfigureAwait(false);
            return new RecoveryResult(RecoveryResultKind.LaunchFailed, failed) { Attempt = next };
        }

        await jobs.TryTransitionAsync(
            jobId,
            RecoveryStatuses.Open,
            new JobUpdate { Status = JobStatus.Dispatched, TaskArn = task.TaskArn, Attempts = next, ETag = previous.ETag, Error = reason, UpdatedAt = time.GetUtcNow() },
            CancellationToken.None).ConfigureAwait(false);
        logger.LogInformation("Relaunched job {JobId} as attempt {Attempt}: {TaskArn}", jobId, next, task.TaskArn);
        return new RecoveryResult(RecoveryResultKind.Relaunched, reason) { TaskArn = task.TaskArn, Attempt = next };
    }

    private async Task<RecoveryResult> GiveUpAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        var updated = await jobs.TryTransitionAsync(jobId, RecoveryStatuses.Open, new JobUpdate { Status = JobStatus.Failed, Error = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return new RecoveryResult(updated is null ? RecoveryResultKind.Ignored : RecoveryResultKind.GaveUp, reason);
    }

    private async Task<RecoveryResult> RejectAsync(string jobId, string reason, CancellationToken cancellationToken)
    {
        await jobs.TryTransitionAsync(jobId, RecoveryStatuses.Open, new JobUpdate { Status = JobStatus.Rejected, Error = reason, UpdatedAt = time.GetUtcNow() }, cancellationToken).ConfigureAwait(false);
        return new RecoveryResult(RecoveryResultKind.Rejected, reason);
    }
}
