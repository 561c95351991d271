using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Lifestream.Core.Processing;
using Lifestream.Core.Retries;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Dispatching;

/// <summary>What <see cref="AttemptLauncher.LaunchAsync"/> did with a claimed attempt.</summary>
public abstract record AttemptLaunch(string JobId, int Attempt)
{
    /// <summary>RunTask succeeded: the task owns the claim (the job is marked dispatched unless that write failed).</summary>
    public sealed record Launched(string JobId, int Attempt, string TaskArn) : AttemptLaunch(JobId, Attempt);

    /// <summary>
    /// Nothing (known to be) started. <paramref name="Decision"/> is what <see cref="RetryPolicy"/> decided and was
    /// recorded on the claim and the job; null when recording failed or the claim was no longer ours (the lease
    /// then frees the claim, and the sweeper or a redelivery takes over).
    /// </summary>
    public sealed record Failed(string JobId, int Attempt, string Reason, RetryDecision? Decision) : AttemptLaunch(JobId, Attempt);
}

/// <summary>
/// The one launch step for a claimed attempt, shared by the upload dispatcher (first and redelivered attempts) and
/// by recovery (the next attempt after a stopped task): make sure the job exists, RunTask, then record the task on
/// the job (<see cref="JobTransitions.Dispatch"/>, which cannot resurrect a terminal job). A failed or cancelled
/// launch is recorded as a <see cref="FailureCause.LaunchFailed"/> attempt through <see cref="AttemptFailureRecorder"/>,
/// so the attempt that exhausts MAX_ATTEMPTS makes the job terminal itself.
/// </summary>
public sealed class AttemptLauncher
{
    /// <summary>Bookkeeping after a failed launch gets this long even when the invocation is being cancelled.</summary>
    private static readonly TimeSpan CleanupBudget = TimeSpan.FromSeconds(5);

    private readonly IJobStore jobs;
    private readonly ITaskLauncher launcher;
    private readonly ProcessorLaunchFactory launches;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public AttemptLauncher(
        DispatcherOptions options,
        IdempotencyOptions claimPolicy,
        IJobStore jobs,
        ITaskLauncher launcher,
        AttemptFailureRecorder failures,
        TimeProvider time,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(claimPolicy);
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.launcher = launcher ?? throw new ArgumentNullException(nameof(launcher));
        Failures = failures ?? throw new ArgumentNullException(nameof(failures));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
        launches = new ProcessorLaunchFactory(options, claimPolicy);
    }

    /// <summary>Where failed attempts are recorded (and retries decided).</summary>
    public AttemptFailureRecorder Failures { get; }

    /// <summary>Launches the attempt <paramref name="claimed"/> holds for the object <paramref name="bucket"/>/<paramref name="key"/>. Never throws for a failed launch.</summary>
    public async Task<AttemptLaunch> LaunchAsync(IdempotencyKey key, string bucket, ClaimOutcome.Claimed claimed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        var jobId = claimed.Record.JobId;
        var attempt = claimed.Attempt;
        LaunchedTask task;
        try
        {
            await EnsureJobAsync(jobId, bucket, key, cancellationToken).ConfigureAwait(false);
            task = await launcher.LaunchAsync(launches.Create(jobId, bucket, key.S3Key, key.ETag, attempt), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // We own the claim but started nothing (or cannot know): record the failed attempt so that the next
            // delivery or recovery takes the claim again — or, on the last attempt, the job ends failed right here.
            var reason = ex is OperationCanceledException
                ? $"launch of attempt {attempt} cancelled at the invocation deadline"
                : $"launch of attempt {attempt} failed: {ex.Message}";
            logger.LogWarning(ex, "Launch failed for job {JobId} attempt {Attempt}", jobId, attempt);
            return new AttemptLaunch.Failed(jobId, attempt, reason, await RecordLaunchFailureAsync(key, jobId, attempt, reason).ConfigureAwait(false));
        }

        try
        {
            var recorded = await jobs.TryMarkDispatchedAsync(jobId, attempt, task.TaskArn, key.ETag, CancellationToken.None).ConfigureAwait(false);
            if (!recorded.Applied)
            {
                logger.LogWarning("Task {TaskArn} not recorded on job {JobId}: {Refusal}", task.TaskArn, jobId, recorded.Refusal);
            }
        }
        catch (Exception ex)
        {
            // The task runs and owns the claim; acknowledging is right. The processor moves the job on.
            logger.LogWarning(ex, "Recording task {TaskArn} on job {JobId} failed", task.TaskArn, jobId);
        }

        return new AttemptLaunch.Launched(jobId, attempt, task.TaskArn);
    }

    private async Task EnsureJobAsync(string jobId, string bucket, IdempotencyKey key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var created = await jobs.TryCreateAsync(
            new JobRecord
            {
                JobId = jobId,
                S3Bucket = bucket,
                S3Key = key.S3Key,
                ETag = key.ETag,
                Status = JobStatus.Queued,
                CreatedAt = now,
                UpdatedAt = now,
            },
            cancellationToken).ConfigureAwait(false);
        if (created)
        {
            logger.LogInformation("Created job {JobId}", jobId);
        }
    }

    private async Task<RetryDecision?> RecordLaunchFailureAsync(IdempotencyKey key, string jobId, int attempt, string reason)
    {
        using var budget = new CancellationTokenSource(CleanupBudget);
        try
        {
            var recorded = await Failures.RecordAsync(
                key,
                jobId,
                attempt,
                new FailedAttempt { Cause = FailureCause.LaunchFailed, Reason = SecretRedactor.RedactAndTruncate(reason) },
                budget.Token).ConfigureAwait(false);
            if (!recorded.OwnedClaim)
            {
                logger.LogWarning("Claim {Key} attempt {Attempt} was no longer ours when recording the failed launch", key.Value, attempt);
                return null;
            }

            return recorded.Decision;
        }
        catch (Exception ex)
        {
            // The claim stays dispatched until its lease expires; the sweeper (or a later delivery) re-takes it then.
            logger.LogError(ex, "Recording the failed launch of {Key} attempt {Attempt} failed; the claim frees itself when the lease expires", key.Value, attempt);
            return null;
        }
    }
}
