using Lifestream.Core.Idempotency;
using Lifestream.Core.Jobs;
using Microsoft.Extensions.Logging;

namespace Lifestream.Core.Reconciliation;

/// <summary>Settings of <see cref="StaleWorkSweeper"/>.</summary>
public sealed record SweeperOptions
{
    /// <summary>The processor's deadline (TASK_TIMEOUT_SECONDS): an unclaimed open job is re-driven after this plus the lease.</summary>
    public required TimeSpan TaskTimeout { get; init; }

    /// <summary>The bucket of uploads (a claim whose job record was never written names only key and ETag).</summary>
    public required string UploadsBucket { get; init; }

    /// <summary>Items handled per index per sweep; the next sweep continues with the rest.</summary>
    public int BatchLimit { get; init; } = 100;
}

/// <summary>Counts of one sweep.</summary>
public sealed record SweepReport(int ExpiredClaims, int IdleJobs, int Relaunched, int GaveUp, int Other);

/// <summary>
/// The backstop for lost stop events and crashed dispatchers: queries the sparse indexes for claims whose lease
/// expired and open jobs that went idle, and hands each to <see cref="AttemptRecovery"/> (the same rules as the
/// reconciler). Runs on a schedule (EventBridge rule → queue → dispatcher; a timer locally). Idempotent: two
/// sweeps, or a sweep racing a stop event, resolve in the claim's compare-and-swap.
/// </summary>
public sealed class StaleWorkSweeper
{
    private readonly IRecoveryIndex index;
    private readonly AttemptRecovery recovery;
    private readonly IIdempotencyStore claims;
    private readonly IJobStore jobs;
    private readonly SweeperOptions options;
    private readonly TimeProvider time;
    private readonly ILogger<StaleWorkSweeper> logger;

    public StaleWorkSweeper(
        IRecoveryIndex index,
        AttemptRecovery recovery,
        IIdempotencyStore claims,
        IJobStore jobs,
        SweeperOptions options,
        TimeProvider time,
        ILogger<StaleWorkSweeper> logger)
    {
        this.index = index ?? throw new ArgumentNullException(nameof(index));
        this.recovery = recovery ?? throw new ArgumentNullException(nameof(recovery));
        this.claims = claims ?? throw new ArgumentNullException(nameof(claims));
        this.jobs = jobs ?? throw new ArgumentNullException(nameof(jobs));
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.UploadsBucket);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchLimit, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.TaskTimeout, TimeSpan.FromSeconds(1));
        this.time = time ?? throw new ArgumentNullException(nameof(time));
        this.logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    /// <summary>Jobs idle this long are looked at (the claim's state decides); the lease is the shortest rule's bound.</summary>
    public TimeSpan IdleThreshold => recovery.ClaimPolicy.LeaseDuration;

    /// <summary>An open job with no claim is re-driven once idle this long (an upload may still be arriving before).</summary>
    public TimeSpan ClaimlessGrace => options.TaskTimeout + recovery.ClaimPolicy.LeaseDuration;

    /// <summary>One sweep. An item whose recovery throws is logged and left for the next sweep.</summary>
    public async Task<SweepReport> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var results = new List<RecoveryResult>();
        var expired = await index.FindExpiredClaimsAsync(now, options.BatchLimit, cancellationToken).ConfigureAwait(false);
        foreach (var key in expired)
        {
            if (await TryAsync(() => RecoverExpiredClaimAsync(key, cancellationToken), key.Value).ConfigureAwait(false) is { } result)
            {
                results.Add(result);
            }
        }

        var idle = await index.FindIdleOpenJobsAsync(now - IdleThreshold, options.BatchLimit, cancellationToken).ConfigureAwait(false);
        foreach (var jobId in idle)
        {
            if (await TryAsync(() => RecoverIdleJobAsync(jobId, cancellationToken), jobId).ConfigureAwait(false) is { } result)
            {
                results.Add(result);
            }
        }

        var report = new SweepReport(
            expired.Count,
            idle.Count,
            results.Count(r => r.Kind == RecoveryResultKind.Relaunched),
            results.Count(r => r.Kind == RecoveryResultKind.GaveUp),
            results.Count(r => r.Kind is not (RecoveryResultKind.Relaunched or RecoveryResultKind.GaveUp or RecoveryResultKind.Ignored or RecoveryResultKind.OwnerAlive)));
        if (expired.Count + idle.Count > 0)
        {
            logger.LogInformation("Sweep: {Report}", report);
        }

        return report;
    }

    private async Task<RecoveryResult> RecoverExpiredClaimAsync(IdempotencyKey key, CancellationToken cancellationToken)
    {
        var claim = await claims.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (claim is null || claim.State is not (ClaimState.Dispatched or ClaimState.Running) || !ClaimRules.IsLeaseExpired(claim, time.GetUtcNow()))
        {
            return new RecoveryResult(RecoveryResultKind.Ignored, "the claim moved on since the index was read");
        }

        var job = await jobs.GetAsync(claim.JobId, cancellationToken).ConfigureAwait(false);
        var attempt = new StoppedAttempt(claim.JobId, job?.S3Bucket ?? options.UploadsBucket, key.S3Key, key.ETag, claim.Attempt);
        return await recovery.RecoverAsync(attempt, AttemptStop.LeaseExpired(claim), cancellationToken).ConfigureAwait(false);
    }

    private async Task<RecoveryResult> RecoverIdleJobAsync(string jobId, CancellationToken cancellationToken)
    {
        var job = await jobs.GetAsync(jobId, cancellationToken).ConfigureAwait(false);
        return job is null
            ? new RecoveryResult(RecoveryResultKind.Ignored, "job vanished")
            : await recovery.RecoverIdleJobAsync(job, ClaimlessGrace, cancellationToken).ConfigureAwait(false);
    }

    private async Task<RecoveryResult?> TryAsync(Func<Task<RecoveryResult>> body, string item)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Sweeping {Item} failed; the next sweep retries it", item);
            return null;
        }
    }
}
